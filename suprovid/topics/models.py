"""The two-level taxonomy of the questions people raise (contract.md fixes the first level).

Appeals' issues and support cases' needs are both classified by it, so it sits below both
apps (docs/development.md, "Layers").
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Topic(models.Model):
    """A topic of the two-level taxonomy; codes of the first level are fixed by contract.md."""

    code = models.CharField(_("code"), max_length=64, primary_key=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(pgettext_lazy("topic", "active"), default=True)

    class Meta:
        # The table keeps the name it had when topics lived in the appeals app.
        db_table = "appeals_topic"
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "uk").startswith("en") else self.name_uk

    @property
    def group(self) -> str:
        """The first-level code this topic counts under in reports."""
        return self.code.split(".", 1)[0]
