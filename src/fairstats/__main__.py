"""`python -m fairstats`."""

from fairstats.cli.commands import main

if __name__ == "__main__":
    main()
