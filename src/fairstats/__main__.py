"""`python -m fairstats`."""

from fairstats.cli import main

if __name__ == "__main__":
    main()
