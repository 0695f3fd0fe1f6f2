"""Shared test infrastructure."""
