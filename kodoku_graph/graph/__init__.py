"""The graph layer: the data model, the build from loaded sources, analytics, the stores
and the build outputs.

Reads :mod:`kodoku_graph.loaders`; never the query catalog, the explorer, the API or the
CLI.
"""
