"""``core.choices.ChoiceLabels``: get_FOO_display() answers exactly as Django's, in each language."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from chumchon.core.choices import ChoiceLabels


def _models_with_labels() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if issubclass(m, ChoiceLabels)]


def test_the_area_pages_models_use_it() -> None:
    labels = {m._meta.label for m in _models_with_labels()}
    assert {"areas.Area", "areas.LocalGovernment", "organizations.Body", "accounts.RoleAssignment"} <= labels


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_choice_and_an_unknown_value_as_django_shows_it(language: str) -> None:
    checked = 0
    with translation.override(language):
        for model in _models_with_labels():
            for field in model._meta.fields:
                if not field.choices:
                    continue
                for value in [v for v, _label in field.flatchoices] + ["no-such-value", None]:
                    obj = model(**{field.attname: value})
                    shown = getattr(obj, f"get_{field.name}_display")()
                    assert shown == models.Model._get_FIELD_display(obj, field), (model, field.name, value)
                    assert type(shown) is type(models.Model._get_FIELD_display(obj, field))
                    checked += 1
    assert checked > 50


def test_the_label_follows_the_active_language() -> None:
    area = apps.get_model("areas", "Area")(level="province")
    with translation.override("en"):
        english = area.get_level_display()
    with translation.override("th"):
        thai = area.get_level_display()
    assert english == "Province"
    assert thai != english and thai
