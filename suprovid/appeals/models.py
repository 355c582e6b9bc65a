"""Appeals (звернення) under Law 393/96-ВР, the issues they raise, and referrals.

Fields copied from the appeal onto each issue (`institution`, `territory`, `received_on`)
never change after registration; they let reports and work lists filter one table.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from suprovid.accounts.scope import Scope
from suprovid.core.models import TimeStampedModel, VersionedModel


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone / hotline")
    ONLINE = "online", _("online")
    POST = "post", _("post")
    EMAIL = "email", _("e-mail")
    OUTREACH = "outreach", _("outreach visit")
    FORWARDED = "forwarded", _("forwarded by another body")


class AppealType(models.TextChoices):
    PROPOSAL = "proposal", _("proposal")
    REQUEST = "request", _("request")
    COMPLAINT = "complaint", _("complaint")


class AppealForm(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    COLLECTIVE = "collective", _("collective")


class AppealSign(models.TextChoices):
    FIRST = "first", _("first")
    REPEATED = "repeated", _("repeated")
    DUPLICATE = "duplicate", _("duplicate")


class IssueStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("issue status", "open")
    IN_PROGRESS = "in_progress", _("in progress")
    CLOSED = "closed", pgettext_lazy("issue status", "closed")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("resolved (practical support)")
    EXPLAINED = "explained", _("explained")
    FORWARDED = "forwarded", _("forwarded")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")
    NOT_CONSIDERED = "not_considered", _("not considered")


class SupportKind(models.TextChoices):
    DOCUMENTS = "documents", _("documents issued or restored")
    LEGAL_CONSULTATION = "legal_consultation", _("legal consultation")
    SOCIAL = "social", _("social problem solved")
    RETRAINING = "retraining", _("retraining")
    EMPLOYMENT = "employment", _("employment")
    MEDICAL = "medical", _("medical care arranged")
    PSYCHOLOGICAL = "psychological", _("psychological care arranged")
    MATERIAL_AID = "material_aid", _("material aid")
    OTHER = "other", _("other")


class DeadlineRule(models.TextChoices):
    """Law 393/96: art. 20 (15 days / one month), art. 7 (forward in 5 days, return in 10)."""

    STANDARD = "standard", _("one month")
    NO_STUDY = "no_study", _("15 days (no additional study needed)")
    FORWARD = "forward", _("forward outside competence within 5 days")
    RETURN = "return", _("return non-compliant appeal within 10 days")


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


class AppealQuerySet(models.QuerySet["Appeal"]):
    def visible_to(self, user: Any) -> AppealQuerySet:
        """Appeals received in the user's territory or institution, or with an issue of theirs.

        Partners see appeals only through their referrals (`Referral.visible_to`).
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self.all()
        if not user.works_with_people or user.role == "programme_manager":
            return self.none()
        scope = Scope.of(user)
        q = scope.q(territory="territory", institution="institution_id")
        q |= Q(pk__in=Issue.objects.filter(assignee_id=user.pk).values("appeal_id"))
        return self.filter(q)


class Appeal(TimeStampedModel):
    """One appeal as registered: who applied, how, when, to which institution."""

    number = models.CharField(_("registration number"), max_length=64, unique=True)
    institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("receiving institution"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="+", editable=False
    )
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    appeal_type = models.CharField(
        _("type"), max_length=16, choices=AppealType.choices, default=AppealType.REQUEST
    )
    form = models.CharField(
        _("individual or collective"),
        max_length=16,
        choices=AppealForm.choices,
        default=AppealForm.INDIVIDUAL,
    )
    sign = models.CharField(
        _("sign"), max_length=16, choices=AppealSign.choices, default=AppealSign.FIRST
    )
    applicant = models.ForeignKey(
        "people.Person",
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    author_category = models.CharField(
        _("author category"),
        max_length=32,
        blank=True,
        help_text=_("The applicant's status at registration, for the statutory report."),
    )
    is_privileged = models.BooleanField(
        _("privileged applicant"),
        default=False,
        help_text=_("Law 393/96 art. 20: appeals of veterans are considered first."),
    )
    text = models.TextField(_("substance"), blank=True)
    case = models.ForeignKey(
        "cases.SupportCase",
        verbose_name=_("support case"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[AppealQuerySet] = AppealQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "sequence"], name="appeal_number_per_year"
            ),
        ]
        indexes = [
            models.Index(fields=["received_on", "territory"], name="appeal_received_terr_idx"),
            models.Index(fields=["territory", "received_on"], name="appeal_terr_received_idx"),
            models.Index(fields=["institution", "received_on"], name="appeal_inst_received_idx"),
            models.Index(fields=["applicant"], name="appeal_applicant_idx"),
        ]

    def __str__(self) -> str:
        return str(self.number)


class IssueQuerySet(models.QuerySet["Issue"]):
    def visible_to(self, user: Any) -> IssueQuerySet:
        """Issues in the user's territory or institution, or assigned to them.

        Partners see only issues referred to their institution.
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self.all()
        if user.role == "partner":
            if user.institution_id is None:
                return self.none()
            return self.filter(
                pk__in=Referral.objects.filter(institution_id=user.institution_id).values(
                    "issue_id"
                )
            )
        if not user.works_with_people or user.role == "programme_manager":
            return self.none()
        scope = Scope.of(user)
        return self.filter(
            scope.q(territory="territory", institution="institution_id", assignee="assignee_id")
        )

    def open(self) -> IssueQuerySet:
        return self.exclude(status=IssueStatus.CLOSED)

    def overdue(self, today: Any = None) -> IssueQuerySet:
        return self.open().filter(due_on__lt=today or timezone.localdate())


class Issue(VersionedModel):
    """One question raised by an appeal, taken to an outcome by a responsible specialist."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="issues")
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.PROTECT)
    topic_group = models.CharField(max_length=32, editable=False, db_index=True)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person concerned"),
        on_delete=models.PROTECT,
        related_name="issues",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible specialist"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_issues",
    )
    institution = models.ForeignKey(
        "network.Institution", on_delete=models.PROTECT, related_name="+", editable=False
    )
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="+", editable=False
    )
    received_on = models.DateField(editable=False)
    text = models.TextField(_("issue"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=IssueStatus.choices, default=IssueStatus.OPEN
    )
    deadline_rule = models.CharField(
        _("deadline rule"),
        max_length=16,
        choices=DeadlineRule.choices,
        default=DeadlineRule.STANDARD,
    )
    due_on = models.DateField(_("due on"))
    extended_until = models.DateField(_("extended until"), null=True, blank=True)
    extension_reason = models.TextField(_("extension reason"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    support_kind = models.CharField(
        _("kind of support"), max_length=32, choices=SupportKind.choices, blank=True
    )
    resolution = models.TextField(_("resolution"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects: ClassVar[IssueQuerySet] = IssueQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | (~Q(outcome="") & Q(closed_on__isnull=False)),
                name="issue_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(support_kind="") | Q(outcome="resolved"),
                name="issue_support_kind_only_when_resolved",
            ),
        ]
        indexes = [
            # Covers the summary's count by topic and outcome: an index-only scan.
            models.Index(
                fields=[
                    "received_on",
                    "territory",
                    "topic_group",
                    "status",
                    "closed_on",
                    "outcome",
                ],
                name="issue_period_cover_idx",
            ),
            # Persons helped: resolved issues closed in a period, by territory.
            models.Index(
                fields=["outcome", "closed_on", "territory", "person"], name="issue_resolved_idx"
            ),
            # Overdue open issues: open ones are few, so a partial index stays small.
            models.Index(
                fields=["due_on", "territory"],
                condition=Q(status__in=["open", "in_progress"]),
                name="issue_open_due_idx",
            ),
            models.Index(fields=["territory", "received_on"], name="issue_terr_received_idx"),
            models.Index(fields=["closed_on", "outcome"], name="issue_closed_outcome_idx"),
            models.Index(fields=["assignee", "status", "due_on"], name="issue_worklist_idx"),
            models.Index(fields=["institution", "status", "due_on"], name="issue_inst_status_idx"),
            models.Index(fields=["status", "due_on"], name="issue_status_due_idx"),
            models.Index(fields=["person"], name="issue_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.appeal.number} · {self.topic}"

    @property
    def is_overdue(self) -> bool:
        return self.status != IssueStatus.CLOSED and self.due_on < timezone.localdate()


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", pgettext_lazy("referral", "completed")


class ReferralQuerySet(models.QuerySet["Referral"]):
    def visible_to(self, user: Any) -> ReferralQuerySet:
        """Partners see referrals to their institution; others see referrals of their issues."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self.all()
        if user.role == "partner":
            if user.institution_id is None:
                return self.none()
            return self.filter(institution_id=user.institution_id)
        return self.filter(issue__in=Issue.objects.visible_to(user))


class Referral(TimeStampedModel):
    """An issue sent to another institution, accepted or declined, and its outcome reported."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="referrals")
    institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("referred to"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    due_on = models.DateField(_("due on"))
    consent = models.ForeignKey(
        "people.Consent",
        verbose_name=_("consent to share"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    shared_note = models.TextField(_("what is shared with the institution"), blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    outcome_text = models.TextField(_("outcome reported"), blank=True)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    completed_on = models.DateField(
        pgettext_lazy("referral", "completed on"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[ReferralQuerySet] = ReferralQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["institution", "status", "due_on"], name="referral_inbox_idx"),
        ]

    def audit_scope(self) -> tuple[str | None, int | None]:
        """A referral belongs where its issue is handled (not to the receiving partner)."""
        return self.issue.territory_id, self.issue.institution_id

    def __str__(self) -> str:
        return f"{self.issue} → {self.institution}"


class AppealCounter(models.Model):
    """The last registration sequence per institution and year.

    Registration locks this row (`select_for_update`) so that two desks registering at
    the same moment never get the same number.
    """

    institution = models.ForeignKey(
        "network.Institution", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("registration counter")
        verbose_name_plural = _("registration counters")
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="appeal_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.institution_id}/{self.year}: {self.last}"


class ActivityKind(models.TextChoices):
    NOTE = "note", _("note")
    CALL = "call", _("call")
    MEETING = "meeting", _("meeting")
    VISIT = "visit", _("visit")
    STATUS_CHANGE = "status_change", _("status change")


class Activity(models.Model):
    """One entry of the timeline of an appeal or of one of its issues.

    Status changes are written by the services; specialists add notes, calls, meetings
    and visits. Entries are not edited afterwards.
    """

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="activities")
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    text = models.TextField(_("text"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["appeal", "occurred_at"], name="activity_appeal_idx"),
            models.Index(fields=["issue", "occurred_at"], name="activity_issue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # Never the uploaded name on disk: it may carry personal data or path tricks.
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{instance.appeal_id}/{uuid.uuid4().hex}.{ext}"


class AttachmentQuerySet(models.QuerySet["Attachment"]):
    def visible_to(self, user: Any) -> AttachmentQuerySet:
        """Attachments of appeals the user may see; partners see none."""
        if getattr(user, "is_partner", False):
            return self.none()
        return self.filter(appeal__in=Appeal.objects.visible_to(user))


class Attachment(models.Model):
    """A scanned letter, reply or document, served only through a scoped view."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[AttachmentQuerySet] = AttachmentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name
