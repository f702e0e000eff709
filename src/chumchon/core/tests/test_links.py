"""``core.links.link_maker`` gives ``reverse``'s path for every value, reversed once or not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chumchon.core.links import link_maker


@pytest.mark.parametrize("value", ["240104", "A-1.x_~", "ทุ่ง", "a b", ".", "..", "...", "%41"])
def test_a_link_equals_reverse_for_any_text(value: str) -> None:
    assert link_maker("poverty:household", "240104")(value) == reverse("poverty:household", args=["240104", value])


def test_an_int_argument_with_an_int_mark() -> None:
    detail = link_maker("projects:detail", mark=987654321)
    assert [detail(pk) for pk in (1, 42, 987654321)] == [
        reverse("projects:detail", args=[pk]) for pk in (1, 42, 987654321)
    ]
