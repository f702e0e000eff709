"""The search index: one ``SearchDocument`` per indexed organisation, plan, plan item or project.

The document keeps the object's text as written (for display and highlights), the same text cut into
words by PyThaiNLP (``title_words``, ``body_words``: words separated by single spaces, lower-cased) and
the object's scope (with a copy of its area's code, ``area_code``), so the permission filter runs on the
index itself without a join; plan items carry their plan's scope. The full-text index over the
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
    # The area's DOPA code (area-scoped documents; "" otherwise): the permission filter compares code
    # prefixes on the document itself, with no join to the area table.
    area_code = models.CharField(_("area code"), max_length=8, blank=True, default="", db_default="", db_index=True)
    title = models.CharField(_("title"), max_length=600)
    body = models.TextField(_("text"), blank=True)
    title_words = models.TextField(_("title words"), blank=True)
    body_words = models.TextField(_("text words"), blank=True)
    # Tokens for the scope (``search.scope``), indexed in the full-text index beside the words: a prefilter.
    scope_words = models.TextField(_("scope words"), blank=True, default="", db_default="")
    # The title and text cut into words as they were indexed (pieces joined by ``words.CUT``, spaces kept),
    # so the page highlights without segmenting again; "" on documents indexed before (cut at read time).
    title_cut = models.TextField(_("title cut into words"), blank=True, default="", db_default="")
    body_cut = models.TextField(_("text cut into words"), blank=True, default="", db_default="")
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"
