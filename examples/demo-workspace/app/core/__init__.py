"""Core services: configuration and managers."""
