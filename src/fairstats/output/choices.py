"""The choices the command line offers, kept apart so `--help` need not import the core."""

# the formats tabulate writes for papers and wikis
TABULATED_FORMATS = ("latex", "rst", "org", "mediawiki")
FORMATS = (
    "table",
    "csv",
    "tsv",
    "json",
    "jsonl",
    "markdown",
    "html",
    *TABULATED_FORMATS,
    "xlsx",
)
UNIT_NAMES = ("yuan", "thousand", "wan", "million", "yi", "billion")
COLOR_CHOICES = ("auto", "always", "never")
# The formats --no-header and --bom apply to (jsonl has no header to leave out; JSON text
# must not start with a byte-order mark).
HEADERLESS_FORMATS = ("csv", "tsv", "jsonl")
BOM_FORMATS = ("csv", "tsv")
CHART_KINDS = ("series", "breakdown", "shares")
CHART_FORMATS = ("svg", "png")
MIN_WIDTH = 40  # the narrowest width tables are made to fit (--width)
