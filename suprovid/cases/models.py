"""Support cases: a household accompanied by one specialist, with an individual plan."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from suprovid.accounts.scope import Scope
from suprovid.core.models import VersionedModel
from suprovid.people.health import HealthGround

# Caseload norm for a support specialist (domain.md §1, §5).
CASELOAD_NORM = 35


class CaseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("case status", "open")
    CLOSED = "closed", pgettext_lazy("case status", "closed")


class SupportCaseQuerySet(models.QuerySet["SupportCase"]):
    def visible_to(self, user: Any) -> SupportCaseQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self.all()
        if not user.works_with_people or user.role == "programme_manager":
            return self.none()
        scope = Scope.of(user)
        return self.filter(
            scope.q(
                territory="institution__territory",
                institution="institution_id",
                assignee="specialist_id",
            )
        )

    def open(self) -> SupportCaseQuerySet:
        return self.filter(status=CaseStatus.OPEN)


class SupportCase(VersionedModel):
    """A household (a veteran or the family of a fallen/missing/captive defender)."""

    primary_person = models.ForeignKey(
        "people.Person",
        verbose_name=_("veteran or defender"),
        on_delete=models.PROTECT,
        related_name="primary_cases",
    )
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("specialist"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.TextField(_("reason for closing"), blank=True)

    objects: ClassVar[SupportCaseQuerySet] = SupportCaseQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["specialist", "status"], name="case_specialist_status_idx"),
            models.Index(fields=["institution", "status"], name="case_inst_status_idx"),
        ]
        constraints = [
            # One household, one open case: two desks opening one at once cannot both win.
            models.UniqueConstraint(
                fields=["primary_person"],
                condition=Q(status="open"),
                name="case_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return _("Case of %(name)s") % {"name": self.primary_person}


class CaseMember(models.Model):
    """A family member accompanied within a case."""

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="case_memberships"
    )
    relation = models.CharField(_("relation"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("case member")
        verbose_name_plural = _("case members")
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="case_member_unique"),
        ]

    def __str__(self) -> str:
        return str(self.person)


class NeedStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("need status", "open")
    MET = "met", _("met")
    DROPPED = "dropped", _("no longer needed")


class CaseNeed(models.Model):
    """A need of the household in the individual plan, by topic.

    A need on a medical, rehabilitation or psychological topic is health data about the
    case's person (Law 2297-VI art. 7): it carries its legal ground like an issue does."""

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="needs")
    topic = models.ForeignKey("topics.Topic", verbose_name=_("topic"), on_delete=models.PROTECT)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    health_ground = models.CharField(
        _("legal ground for health data"), max_length=16, choices=HealthGround.choices, blank=True
    )
    health_consent = models.ForeignKey(
        "people.Consent",
        verbose_name=_("health consent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.topic)


class CaseStep(models.Model):
    """A step of the individual plan with its due date."""

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="steps")
    need = models.ForeignKey(
        CaseNeed,
        verbose_name=_("need"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steps",
    )
    description = models.CharField(_("step"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["done_on", "due_on", "id"]

    def __str__(self) -> str:
        return self.description


class CaseReview(models.Model):
    """A periodic review of the plan: what changed, what comes next."""

    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    summary = models.TextField(_("summary"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reviewed_on}"
