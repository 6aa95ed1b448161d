"""The pages of labels, one module per audience (see ``labels/urls.py``)."""
