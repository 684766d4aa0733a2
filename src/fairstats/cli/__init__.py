"""The click shell: the commands, their options, and the one reach into click's private parser."""
