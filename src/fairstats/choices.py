"""The choices the command line offers, kept apart so `--help` need not import the core."""

# the formats tabulate writes for papers and wikis
TABULATED_FORMATS = ("latex", "rst", "org", "mediawiki")
FORMATS = ("table", "csv", "tsv", "json", "markdown", "html", *TABULATED_FORMATS, "xlsx")
UNIT_NAMES = ("yuan", "thousand", "wan", "million", "yi", "billion")
COLOR_CHOICES = ("auto", "always", "never")
