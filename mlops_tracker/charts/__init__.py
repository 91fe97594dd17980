"""matplotlib drawing functions on an Axes, from plain data; no pyplot, no Qt."""
