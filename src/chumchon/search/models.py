"""The search index: one ``SearchDocument`` per indexed organisation, plan, plan item or project.

The document keeps the object's text as written (for display and highlights), the same text cut into
words by PyThaiNLP (``title_words``, ``body_words``: words separated by single spaces, lower-cased) and
the object's scope, so the permission filter runs on the index itself. The full-text index over the
words is not a Django field: migration 0002 adds it per database — an FTS5 virtual table
``search_fts`` kept in step by triggers on SQLite, a generated ``tsvector`` column with a GIN index on
PostgreSQL (see docs/architecture.md, "Search").
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chumchon.areas.models import AreaScoped


class DocKind(models.TextChoices):
    BODY = "body", _("Organization")
    PLAN = "plan", _("Plan")
    ITEM = "item", _("Plan item")
    PROJECT = "project", _("Project")


class SearchDocument(AreaScoped):
    """What search finds of one object. Written only by ``search.services``."""

    kind = models.CharField(_("kind"), max_length=16, choices=DocKind.choices)
    object_id = models.PositiveBigIntegerField(_("object"))
    plan_ref = models.PositiveBigIntegerField(_("plan"), null=True, blank=True, db_index=True)  # plans and items
    title = models.CharField(_("title"), max_length=600)
    body = models.TextField(_("text"), blank=True)
    title_words = models.TextField(_("title words"), blank=True)
    body_words = models.TextField(_("text words"), blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
