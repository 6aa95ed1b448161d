"""The forms of the directory, one module per area, like the views."""
