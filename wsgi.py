"""WSGI entry point: `gunicorn -c gunicorn.conf.py wsgi:app` (settings from MARQUEE_* env vars)."""
from webapp import create_app

app = create_app()
