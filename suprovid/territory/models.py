"""Territorial units of Ukraine from the official codifier КАТОТТГ."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .codes import subtree_q


class Category(models.TextChoices):
    """Stored with Cyrillic letters, as the codifier's regulation spells them."""

    OBLAST = "О", _("oblast")
    SPECIAL_CITY = "К", _("city with special status")
    RAION = "Р", _("raion")
    HROMADA = "Н", _("hromada")
    CITY = "М", _("city")
    URBAN_SETTLEMENT = "Т", _("urban-type settlement")
    VILLAGE = "С", _("village")
    SELYSHCHE = "Х", _("selyshche")
    CITY_DISTRICT = "В", _("city district")


class TerritoryQuerySet(models.QuerySet["Territory"]):
    def subtree(self, code: str) -> TerritoryQuerySet:
        """The unit with `code` and everything inside it."""
        return self.filter(subtree_q("code", code))

    def search(self, text: str) -> TerritoryQuerySet:
        from .names import normalize_place

        needle = normalize_place(text)
        if not needle:
            return self.none()
        return self.filter(name_norm__contains=needle)

    def ranked(self, text: str) -> TerritoryQuerySet:
        """Exact name matches first, then names starting with the text, then by level."""
        from .names import normalize_place

        needle = normalize_place(text)
        return self.annotate(
            match_rank=models.Case(
                models.When(name_norm=needle, then=0),
                models.When(name_norm__startswith=needle, then=1),
                default=2,
                output_field=models.IntegerField(),
            )
        ).order_by("match_rank", "level", "name", "code")

    def with_ancestors(self) -> TerritoryQuerySet:
        """Loads the whole parent chain in the same query (a unit has at most four)."""
        return self.select_related("parent__parent__parent__parent")


class Territory(models.Model):
    """One unit of КАТОТТГ. The code is the primary key, so a foreign key column holds the
    code itself and subtree filters need no join."""

    code = models.CharField(_("code"), max_length=19, primary_key=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=pgettext_lazy("territory unit", "parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(_("level"))
    category = models.CharField(_("category"), max_length=1, choices=Category.choices)
    name = models.CharField(_("name"), max_length=200)
    name_norm = models.CharField(max_length=200, db_index=True, editable=False)
    edition = models.CharField(_("codifier edition"), max_length=20, blank=True)

    objects: ClassVar[TerritoryQuerySet] = TerritoryQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_category_display()})"

    def save(self, *args: object, **kwargs: object) -> None:
        from .names import normalize_place

        self.name_norm = normalize_place(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def ancestors(self) -> list[Territory]:
        """From the oblast down to the parent; one query per level (at most four)."""
        chain: list[Territory] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    @property
    def parent_chain(self) -> str:
        """ "Криворізька громада, Криворізький район, Дніпропетровська область": from the
        parent up. Load with `with_ancestors()` to avoid a query per level."""
        return ", ".join(str(unit.chain_name) for unit in reversed(self.ancestors()))

    @property
    def chain_name(self) -> str:
        return f"{self.name} {self.get_category_display()}"

    @property
    def label(self) -> str:
        """Name with category and parent, to tell apart the many villages of one name."""
        if self.parent_id is None:
            return str(self)
        return f"{self} — {self.parent.name if self.parent else ''}"
