"""ipywidgets front ends. They hold no rules: they call the evaluate functions."""
