"""The shape of search's writes: the rebuild is a durable entry point with a nestable form beside it,
and the demo step calls only the nestable form."""

from __future__ import annotations

from chumchon.core.tests.durability import atomic_of, is_durable
from chumchon.search import demo, services


def test_reindex_is_durable_and_its_in_transaction_form_nests() -> None:
    assert is_durable(services.search_reindex)
    assert atomic_of(services.search_reindex_in_transaction) is not None
    assert not is_durable(services.search_reindex_in_transaction)
    assert demo.search_reindex_in_transaction is services.search_reindex_in_transaction
