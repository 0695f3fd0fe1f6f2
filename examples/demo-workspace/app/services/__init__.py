"""Application services built on the core."""
