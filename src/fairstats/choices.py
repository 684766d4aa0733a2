"""The choices the command line offers, kept apart so `--help` need not import the core."""

FORMATS = ("table", "csv", "tsv", "json", "markdown", "xlsx")
UNIT_NAMES = ("yuan", "thousand", "wan", "million", "yi", "billion")
COLOR_CHOICES = ("auto", "always", "never")
CHART_KINDS = ("series", "breakdown", "shares")
CHART_FORMATS = ("svg", "png")
