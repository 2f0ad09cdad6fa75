"""Views: each builds one page context from ``planwatch.api`` reads."""
