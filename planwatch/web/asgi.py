"""``planwatch.web.asgi:app`` for uvicorn/gunicorn workers; settings from the environment."""

from __future__ import annotations

from planwatch.web import create_app

app = create_app()
