from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from chumchon.portal import figures, pagecache


@pytest.fixture(autouse=True)
def fresh_portal_caches() -> Iterator[None]:
    """Each test builds its own world: no page or suppressed table survives from another test."""
    cache.clear()
    figures._CACHE.clear()
    pagecache.forget_local()
    yield
    cache.clear()
    figures._CACHE.clear()
