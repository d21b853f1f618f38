"""One loader per source document. Loaders read text and return typed records with
provenance; they never touch a store."""

from kodoku_graph.loaders.sources import SOURCES, SourceFile, read_source

__all__ = ["SOURCES", "SourceFile", "read_source"]
