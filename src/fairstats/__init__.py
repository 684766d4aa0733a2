"""fairstats: totals, shares, growth rates and consistency checks for trade fair results."""

__version__ = "0.2.0"
