"""Reading files into the model: JSON documents, the readers of versions 1 and 2, datasets and
folders, numbers in a release's text."""
