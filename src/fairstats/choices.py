"""The choices the command line offers, kept apart so `--help` need not import the core."""

FORMATS = ("table", "csv", "tsv", "json", "markdown", "html", "xlsx")
UNIT_NAMES = ("yuan", "thousand", "wan", "million", "yi", "billion")
COLOR_CHOICES = ("auto", "always", "never")
