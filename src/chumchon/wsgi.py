"""WSGI entry point: ``gunicorn chumchon.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
application = get_wsgi_application()
# Import every app's URLs and views while the worker starts, not in its first request (2–4 s under load:
# a fresh worker's first public page paid it even when the page was waiting in the page cache).
get_resolver().url_patterns  # noqa: B018
