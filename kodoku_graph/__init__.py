"""kodoku-graph: a knowledge graph of Japan's loneliness and isolation countermeasures."""

__version__ = "0.1.0"
