"""Visualisations (pyvis neighbourhood views)."""
