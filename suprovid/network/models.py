"""The support network: institutions, their staffing plans and their specialists."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Collate
from django.utils.translation import gettext_lazy as _

from suprovid.accounts.scope import Scope
from suprovid.core.models import TimeStampedModel


class InstitutionKind(models.TextChoices):
    SOCIAL_SERVICES = "social_services", _("Social services centre")
    HEALTHCARE = "healthcare", _("Healthcare facility")
    CNAP = "cnap", _("Administrative services centre (ЦНАП)")
    NGO = "ngo", _("Non-governmental organisation")
    PARTNER = "partner", _("Partner institution")
    ADMINISTRATION = "administration", _("Administration")


class InstitutionQuerySet(models.QuerySet["Institution"]):
    def visible_to(self, user: Any) -> InstitutionQuerySet:
        """Institutions inside the user's territory, plus the user's own institution."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self.all()
        # Auditors too: they read the log of their own scope only (issue 12).
        return self.filter(Scope.of(user).q(territory="territory", institution="pk"))

    def in_territory(self, code: str) -> InstitutionQuerySet:
        from suprovid.territory.codes import subtree_q

        return self.filter(subtree_q("territory", code))

    def with_positions(self, day: dt.date) -> InstitutionQuerySet:
        """Annotates `planned` (the plan in force on `day`) and `filled` (specialists active
        on `day`) as subqueries: one query for the whole list, no join fan-out."""
        plan = (
            StaffingPlan.objects.filter(institution=OuterRef("pk"), effective_from__lte=day)
            .order_by("-effective_from")
            .values("positions")[:1]
        )
        filled = (
            Specialist.objects.active_on(day)
            .filter(institution=OuterRef("pk"))
            .order_by()
            .values("institution")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            planned=Coalesce(Subquery(plan), 0, output_field=models.IntegerField()),
            filled=Coalesce(Subquery(filled), 0, output_field=models.IntegerField()),
        )


class Institution(TimeStampedModel):
    """A communal centre, healthcare facility, ЦНАП, NGO or referral partner."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=32, choices=InstitutionKind.choices)
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="institutions",
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects: ClassVar[InstitutionQuerySet] = InstitutionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = [Collate("name", "uk-x-icu"), "code"]  # Ukrainian alphabetical order
        indexes = [models.Index(fields=["territory", "kind"], name="institution_terr_kind_idx")]

    def __str__(self) -> str:
        return self.name

    def audit_scope(self) -> tuple[str | None, int | None]:
        """Entries about an institution belong to its territory and to itself."""
        return self.territory_id, self.pk

    def positions_planned_on(self, day: dt.date) -> int:
        plan = (
            self.staffing_plans.filter(effective_from__lte=day).order_by("-effective_from").first()
        )
        return plan.positions if plan else 0


class StaffingPlan(models.Model):
    """Positions of support specialists planned for an institution from a date on.

    Reports read the plan in force at the end of their period; a change is a new row.
    """

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="staffing_plans"
    )
    effective_from = models.DateField(_("effective from"))
    positions = models.PositiveIntegerField(_("positions planned"))

    class Meta:
        verbose_name = _("staffing plan")
        verbose_name_plural = _("staffing plans")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "effective_from"], name="staffing_plan_unique_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution}: {self.positions} ({self.effective_from})"


class SpecialistQuerySet(models.QuerySet["Specialist"]):
    def visible_to(self, user: Any) -> SpecialistQuerySet:
        institutions = Institution.objects.visible_to(user)
        return self.filter(institution__in=institutions)

    def active_on(self, day: dt.date) -> SpecialistQuerySet:
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=day),
            Q(active_to__isnull=True) | Q(active_to__gte=day),
        )


# A date before any record, used as "since always" for imported staffing plans.
SINCE_ALWAYS = dt.date(2000, 1, 1)


class Specialist(TimeStampedModel):
    """A support specialist filling a position at an institution for a period."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="specialists",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="specialist_posts",
    )
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    active_from = models.DateField(_("works from"), null=True, blank=True)
    active_to = models.DateField(_("works until"), null=True, blank=True)

    objects: ClassVar[SpecialistQuerySet] = SpecialistQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("specialist")
        verbose_name_plural = _("specialists")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "email"], name="specialist_unique_per_institution"
            ),
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="specialist_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name
