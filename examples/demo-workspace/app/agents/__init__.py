"""Agents, their registry and the execution engine."""
