"""fairstats: totals, shares, growth rates and consistency checks for trade fair results."""

__all__ = ["__version__"]

__version__ = "0.2.0"
