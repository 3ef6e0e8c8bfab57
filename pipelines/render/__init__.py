"""Renderers of the plan of the day: one module per output format."""
