"""The graph: data model, build, stores, export and analytics."""
