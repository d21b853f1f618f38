"""Benchmarks of kodoku-graph: ``python bench/run.py [--quick]`` writes docs/benchmarks.md."""
