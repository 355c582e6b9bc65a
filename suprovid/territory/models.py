"""Territorial units of Ukraine from the official codifier КАТОТТГ."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
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
        """Units whose current or former name contains `text` (Червоноград finds
        Шептицький); `former_name` is annotated with the matching former name, if any."""
        from .names import normalize_place

        needle = normalize_place(text)
        if not needle:
            return self.none()
        former = TerritoryName.objects.filter(
            territory=OuterRef("pk"), name_norm__contains=needle
        ).order_by("-until_edition")
        return self.annotate(
            former_name=models.Case(
                models.When(name_norm__contains=needle, then=models.Value("")),
                default=Subquery(former.values("name")[:1]),
                output_field=models.CharField(),
            )
        ).filter(Q(name_norm__contains=needle) | Exists(former))

    def current(self) -> TerritoryQuerySet:
        """Units of the newest edition: abolished ones are left out (not for new records)."""
        return self.filter(abolished_in="")

    def ranked(self, text: str, *, oblast_prefix: str = "") -> TerritoryQuerySet:
        """The picker's order: what a person typing a place name most likely means.

        Cities (and special-status cities) before villages of a similar name — "Кривий"
        means Кривий Ріг, not the village Кривий in Zakarpattia — then exact names before
        names starting with the text before names containing it, the user's own oblast
        first, then by level and in Ukrainian alphabetical order.
        """
        from suprovid.core.collation import uk

        from .names import normalize_place

        needle = normalize_place(text)
        big = [Category.CITY, Category.SPECIAL_CITY]
        annotations: dict[str, Any] = {
            "match_rank": models.Case(
                models.When(Q(category__in=big, name_norm=needle), then=0),
                models.When(Q(category__in=big, name_norm__startswith=needle), then=1),
                models.When(name_norm=needle, then=2),
                models.When(name_norm__startswith=needle, then=3),
                models.When(Q(category__in=big) | Q(category=Category.URBAN_SETTLEMENT), then=4),
                default=5,
                output_field=models.IntegerField(),
            ),
            "home_rank": models.Case(
                models.When(Q(code__startswith=oblast_prefix), then=0),
                default=1,
                output_field=models.IntegerField(),
            )
            if oblast_prefix
            else models.Value(0, output_field=models.IntegerField()),
        }
        # Without an oblast there is no home rank to order by: a constant in ORDER BY is a
        # column position to PostgreSQL ("ORDER BY 0"), an error once the annotation is not
        # selected (e.g. under `values_list("code")`).
        home = [F("home_rank")] if oblast_prefix else []
        return self.annotate(**annotations).order_by(
            F("match_rank"), *home, "level", uk("name"), "code"
        )

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
    # The edition that no longer lists the unit; records may still point to it.
    abolished_in = models.CharField(_("abolished in edition"), max_length=20, blank=True)

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

    @property
    def full_label(self) -> str:
        """ "Кривий Ріг (місто) — Криворізька громада, Криворізький район,
        Дніпропетровська область": settlement, hromada, raion, oblast. Load with
        `with_ancestors()`."""
        text = str(self) if self.parent_id is None else f"{self} — {self.parent_chain}"
        if self.abolished_in:
            text += " " + str(
                _("(abolished in the %(edition)s edition)") % {"edition": self.abolished_in}
            )
        return text


class TerritoryName(models.Model):
    """A former name of a unit (e.g. Червоноград, now Шептицький), kept searchable."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("name"), max_length=200)
    name_norm = models.CharField(max_length=200, db_index=True, editable=False)
    category = models.CharField(_("category"), max_length=1, choices=Category.choices)
    since_edition = models.CharField(_("first edition"), max_length=20, blank=True)
    until_edition = models.CharField(_("renamed in edition"), max_length=20)

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["territory", "until_edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "name", "until_edition"], name="territory_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TerritoryEdition(models.Model):
    """An edition of the codifier that was imported: editions are compared on import."""

    edition = models.CharField(_("codifier edition"), max_length=20, primary_key=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)
    units = models.PositiveIntegerField(_("units"), default=0)
    renamed = models.PositiveIntegerField(_("renamed"), default=0)
    abolished = models.PositiveIntegerField(_("abolished"), default=0)

    class Meta:
        verbose_name = _("codifier edition")
        verbose_name_plural = _("codifier editions")
        ordering = ["-edition"]

    def __str__(self) -> str:
        return self.edition
