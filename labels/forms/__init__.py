"""The forms of labels, one module per audience, like the views."""
