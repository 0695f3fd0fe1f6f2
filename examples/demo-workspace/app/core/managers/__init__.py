"""Legacy managers. Everything here is deprecated in favour of app.core.configuration."""
