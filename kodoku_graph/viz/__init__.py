"""Visual views of the graph: pyvis neighbourhood networks served by the explorer."""
