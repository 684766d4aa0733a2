"""The engine: the claims a release makes, the system they form, its solution, conflicts and their
diagnosis, verdicts and their words."""
