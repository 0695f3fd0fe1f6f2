"""Supervisor: picks agents from the registry and runs them."""
