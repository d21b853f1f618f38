"""The HTTP API and the explorer pages."""
