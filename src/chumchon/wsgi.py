"""WSGI entry point: ``gunicorn chumchon.wsgi``."""

import atexit
import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
application = get_wsgi_application()
# Import every app's URLs and views while the worker starts, not in its first request (2–4 s under load:
# a fresh worker's first public page paid it even when the page was waiting in the page cache).
get_resolver().url_patterns  # noqa: B018

# The ~250,000 objects made while starting (modules, URL patterns, translations) live as long as the
# worker. Moved out of the cyclic collector's reach (``gc.freeze``, Python ≥ 3.7), they are no longer
# scanned by each full collection — 100–400 ms that landed on whichever request triggered one at national
# volume (the pages' p95 outliers, bench/RESULTS.md). Unfrozen at exit so shutdown frees them as before.
gc.collect()
gc.freeze()
atexit.register(gc.unfreeze)
