"""What each command computes, as the one result shape of `fairstats.model.results`."""
