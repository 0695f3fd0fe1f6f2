"""Acme platform: agents, configuration and realtime messaging."""
