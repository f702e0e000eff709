"""Demo step: index everything the demo generated (registered last, inside the demo's transaction)."""

from __future__ import annotations

from typing import Any

from chumchon.search.services import search_reindex_in_transaction


def generate(ctx: Any) -> None:
    search_reindex_in_transaction()
