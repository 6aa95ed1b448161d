"""The pages of the directory, one module per area (see ``directory/urls.py``)."""
