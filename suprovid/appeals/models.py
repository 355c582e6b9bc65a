"""Appeals (звернення) under Law 393/96-ВР, the issues they raise, and referrals.

Fields copied from the appeal onto each issue (`institution`, `territory`, `received_on`)
never change after registration; they let reports and work lists filter one table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from suprovid.accounts.scope import Scope
from suprovid.core.models import TimeStampedModel, VersionedModel
from suprovid.people.health import HealthGround
from suprovid.topics.models import Topic


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone / hotline")
    ONLINE = "online", _("online")
    POST = "post", _("post")
    EMAIL = "email", _("e-mail")
    OUTREACH = "outreach", _("outreach visit")
    FORWARDED = "forwarded", _("forwarded by another body")
    # CMU 858/2008 rows 1.3, 1.5, 1.6: kept apart from "forwarded" (1.4, through authorities).
    AUTHORISED = "authorised", _("through an authorised person")
    MEDIA = "media", _("through the mass media")
    FORWARDED_OTHER = "forwarded_other", _("from other bodies, institutions, organisations")


class AppealType(models.TextChoices):
    PROPOSAL = "proposal", _("proposal")
    REQUEST = "request", _("request")
    COMPLAINT = "complaint", _("complaint")


class AppealForm(models.TextChoices):
    """CMU 858/2008 facet 5 (subject): individual, collective, anonymous."""

    INDIVIDUAL = "individual", _("individual")
    COLLECTIVE = "collective", _("collective")
    ANONYMOUS = "anonymous", _("anonymous")


class AppealSign(models.TextChoices):
    FIRST = "first", _("first")
    REPEATED = "repeated", _("repeated")
    DUPLICATE = "duplicate", _("duplicate")
    MULTIPLE = "multiple", _("multiple (неодноразове)")
    MASS = "mass", _("mass")


class Medium(models.TextChoices):
    """CMU 858/2008 facet 6 (type): how the appeal is made."""

    TELEGRAM = "telegram", _("telegram")
    LETTER = "letter", _("letter")
    ORAL = "oral", _("oral")
    ELECTRONIC = "electronic", _("electronic")


# The medium an appeal received through a channel normally has.
CHANNEL_MEDIUM = {
    "in_person": Medium.ORAL,
    "phone": Medium.ORAL,
    "outreach": Medium.ORAL,
    "online": Medium.ELECTRONIC,
    "email": Medium.ELECTRONIC,
}
# Law 393/96 art. 5: an electronic appeal must give an e-mail or other contact for the reply.
ELECTRONIC_CHANNELS = frozenset({"online", "email"})


class SocialStatus(models.TextChoices):
    """CMU 858/2008 facet 8 (social status of the author), in the classifier's order."""

    PENSIONER = "pensioner", _("pensioner")
    MILITARY_PENSIONER = "military_pensioner", _("pensioner from among servicemen")
    WORKER = "worker", _("worker")
    PEASANT = "peasant", _("peasant")
    PUBLIC_SECTOR = "public_sector", _("public-sector employee")
    CIVIL_SERVANT = "civil_servant", _("civil servant")
    SERVICEMAN = "serviceman", _("serviceman / servicewoman")
    ENTREPRENEUR = "entrepreneur", _("entrepreneur")
    UNEMPLOYED = "unemployed", _("unemployed")
    STUDENT = "student", _("pupil, student")
    CLERGY = "clergy", _("minister of a religious organisation")
    JOURNALIST = "journalist", _("journalist")
    DEPRIVED_OF_LIBERTY = (
        "deprived_of_liberty",
        _("person deprived of liberty or whose liberty is restricted"),
    )
    OTHER = "other", pgettext_lazy("social status", "other")


class NotConsideredGround(models.TextChoices):
    """Law 393/96 art. 8: why an appeal is not considered."""

    ANONYMOUS = "anonymous", _("anonymous (art. 8 part 1)")
    REPEATED = "repeated", _("repeated to the same body, already decided on its merits (art. 8)")
    LATE_COMPLAINT = "late_complaint", _("complaint filed after the term of art. 17")
    INCAPABLE = "incapable", _("the author is declared incapable by a court (art. 8)")


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
    """Law 393/96: art. 20 (15 days / one month / shortened on request), art. 7 (forward in
    5 days, return for missing data in 5), art. 5 (return a non-compliant appeal in 10)."""

    STANDARD = "standard", _("one month")
    NO_STUDY = "no_study", _("15 days (no additional study needed)")
    FORWARD = "forward", _("forward outside competence within 5 days")
    RETURN = "return", _("return non-compliant appeal within 10 days (art. 5)")
    RETURN_MISSING = "return_missing", _("return for missing data within 5 days (art. 7)")
    SHORTENED = "shortened", _("shortened on the applicant's reasoned request (art. 20)")


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
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
        help_text=_("Empty only for an anonymous appeal."),
    )
    registration_index = models.CharField(
        _("registration index"),
        max_length=80,
        blank=True,
        help_text=_(
            "Instruction 348/1997: the first letter of the author's surname, "
            "«КО» for collective and «БП» for unsigned appeals, and the sequence number."
        ),
    )
    medium = models.CharField(
        _("type (letter, oral, electronic, telegram)"),
        max_length=16,
        choices=Medium.choices,
        default=Medium.LETTER,
    )
    contact = models.CharField(
        _("contact for the reply"),
        max_length=200,
        blank=True,
        help_text=_("Law 393/96 art. 5: required for an electronic appeal (e-mail or other)."),
    )
    social_status = models.CharField(
        _("social status"), max_length=32, choices=SocialStatus.choices, blank=True
    )
    signatories = models.PositiveIntegerField(
        _("number of signatories"), default=1, help_text=_("For a collective appeal.")
    )
    privileged_reason = models.CharField(
        _("reason for the manual privileged flag"),
        max_length=300,
        blank=True,
        help_text=_("Set when the flag was set or cleared by hand rather than from statuses."),
    )
    head_personally = models.BooleanField(
        _("considered by the head personally"),
        default=False,
        help_text=_("Law 393/96 art. 15 part 2: requests of persons with disability due to war."),
    )
    head_considered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("considered personally by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    head_considered_on = models.DateField(_("head's consideration on"), null=True, blank=True)
    resolution_text = models.TextField(
        _("resolution"),
        blank=True,
        help_text=_("Who is to act and by when (the head's resolution)."),
    )
    resolution_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolution by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
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
    # Set by the retention rules (privacy/lifecycle.py): texts, letters and files are gone.
    texts_erased_on = models.DateField(_("texts erased on"), null=True, blank=True, editable=False)

    objects: ClassVar[AppealQuerySet] = AppealQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "sequence"], name="appeal_number_per_year"
            ),
            # Law 393/96 art. 5/8: only an anonymous appeal has no known author.
            models.CheckConstraint(
                condition=Q(applicant__isnull=False) | Q(form="anonymous"),
                name="appeal_applicant_unless_anonymous",
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

    @property
    def is_anonymous(self) -> bool:
        return bool(self.form == AppealForm.ANONYMOUS)

    @property
    def author_name(self) -> str:
        if self.applicant is None:
            return str(_("anonymous"))
        return str(self.applicant.full_name)


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
        # `status IN (open, in_progress)` rather than `status <> closed`: the same rows, but
        # PostgreSQL uses a partial index only when the query's condition implies the
        # index's predicate, and it cannot prove that from `<>` (issue #13).
        return self.filter(status__in=[IssueStatus.OPEN, IssueStatus.IN_PROGRESS])

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
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issues",
        help_text=_("Empty only on an anonymous appeal."),
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
    not_considered_ground = models.CharField(
        _("ground for not considering"),
        max_length=16,
        choices=NotConsideredGround.choices,
        blank=True,
    )
    shortened_reason = models.TextField(
        _("reason for shortening"),
        blank=True,
        help_text=_("Law 393/96 art. 20: the applicant's reasoned written request."),
    )
    # Law 2297-VI art. 7: an issue on a health topic is health data (people/health.py).
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
            # The coordinator work list: open issues of a territory subtree (a code range)
            # by deadline. Open issues are ~5 % of all, so this stays small at 18 M rows;
            # EXPLAIN at national size in docs/performance.md.
            models.Index(
                fields=["territory", "due_on", "id"],
                condition=Q(status__in=["open", "in_progress"]),
                name="issue_open_terr_due_idx",
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


class YearCounter(models.Model):
    """The last number an institution gave out in a year, in one of its registers.

    Numbering locks the row (`locked()`, inside a transaction) so that two desks numbering
    at the same moment never get the same number.
    """

    institution = models.ForeignKey(
        "network.Institution", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.institution_id}/{self.year}: {self.last}"

    @classmethod
    @contextmanager
    def locked(cls, *, institution_id: int, year: int) -> Iterator[Self]:
        """The counter row of the institution and year, created if need be and locked
        (`select_for_update`) for the block; `last` is saved when the block ends."""
        cls._default_manager.get_or_create(institution_id=institution_id, year=year)
        counter = cls._default_manager.select_for_update().get(
            institution_id=institution_id, year=year
        )
        yield counter
        counter.save(update_fields=["last"])

    def advance(self, taken: Callable[[int], bool]) -> int:
        """Move `last` on to the next number that `taken` does not already claim
        (an imported journal may hold numbers the counter never gave out)."""
        sequence = self.last + 1
        while taken(sequence):
            sequence += 1
        self.last = sequence
        return sequence


class AppealCounter(YearCounter):
    """The last registration sequence per institution and year."""

    class Meta:
        verbose_name = _("registration counter")
        verbose_name_plural = _("registration counters")
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="appeal_counter_unique"),
        ]


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


# --- duties towards the applicant: answers and notices (Law 393/96 arts. 5, 7, 15, 18–20) ---


class LetterKind(models.TextChoices):
    ANSWER = "answer", _("answer")
    EXTENSION = "extension", _("notice of extension (art. 20)")
    FORWARDING = "forwarding", _("notice of forwarding (art. 7)")
    RETURN_MISSING = "return_missing", _("return for missing data (art. 7, 5 days)")
    RETURN_ART5 = "return_art5", _("return of a non-compliant appeal (art. 5, 10 days)")
    NOT_CONSIDERED = "not_considered", _("notice that the appeal is not considered (art. 8)")


# The kinds that return the appeal to its author: CMU 858/2008 row 9.4.
RETURN_KINDS = frozenset({LetterKind.RETURN_MISSING, LetterKind.RETURN_ART5})


class LetterChannel(models.TextChoices):
    LETTER = "letter", _("letter")
    EMAIL = "email", _("e-mail")
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", pgettext_lazy("letter channel", "phone")


class OutgoingCounter(YearCounter):
    """The last outgoing (вихідний) number per institution and year."""

    class Meta:
        verbose_name = _("outgoing register counter")
        verbose_name_plural = _("outgoing register counters")
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="outgoing_counter_unique"),
        ]


class LetterTemplate(models.Model):
    """An editable text for one kind of letter; Django template syntax over the letter's data.

    Placeholders: `{{ appeal.number }}`, `{{ appeal.received_on }}`, `{{ author }}`,
    `{{ issue.topic }}`, `{{ body }}`, `{{ until }}`, `{{ to_body }}`, `{{ institution }}`.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=LetterKind.choices, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class LetterQuerySet(models.QuerySet["Letter"]):
    def visible_to(self, user: Any) -> LetterQuerySet:
        """Letters of appeals the user may see; partners see none."""
        if getattr(user, "is_partner", False):
            return self.none()
        return self.filter(appeal__in=Appeal.objects.visible_to(user))


def letter_path(instance: Letter, filename: str) -> str:
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"letters/{instance.appeal_id}/{uuid.uuid4().hex}.{ext}"


class Letter(models.Model):
    """An outgoing letter to the applicant: an answer to one issue, or a notice.

    Numbered in the institution's outgoing register (`OutgoingCounter`); the generated
    DOCX and PDF are kept with it. An issue has at most one answer.
    """

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="letters")
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LetterKind.choices)
    number = models.CharField(_("outgoing number"), max_length=64, unique=True)
    sent_on = models.DateField(_("date"))
    channel = models.CharField(
        _("sent by"), max_length=16, choices=LetterChannel.choices, default=LetterChannel.LETTER
    )
    signatory = models.CharField(_("signed by"), max_length=200)
    body = models.TextField(_("text"))
    until = models.DateField(_("new deadline"), null=True, blank=True)
    to_institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("forwarded to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_body = models.CharField(_("forwarded to (body)"), max_length=300, blank=True)
    docx = models.FileField(_("DOCX"), upload_to=letter_path, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=letter_path, blank=True)
    migrated = models.BooleanField(
        default=False, editable=False, help_text="Made from an issue outcome by migration 0005."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[LetterQuerySet] = LetterQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("outgoing letter")
        verbose_name_plural = _("outgoing letters")
        ordering = ["sent_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue"], condition=Q(kind="answer"), name="letter_one_answer_per_issue"
            ),
            models.CheckConstraint(
                condition=~Q(kind="answer") | Q(issue__isnull=False),
                name="letter_answer_has_issue",
            ),
        ]
        indexes = [models.Index(fields=["appeal", "kind"], name="letter_appeal_kind_idx")]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_kind_display()})"


# --- the head's decisions (Law 393/96 arts. 8, 15 part 2, 20) ----------------------------


class DecisionKind(models.TextChoices):
    EXTENSION = "extension", _("extension of the deadline (art. 20)")
    NOT_CONSIDERED = "not_considered", _("not to consider (art. 8)")
    HEAD_PERSONALLY = "head_personally", _("personal consideration by the head (art. 15 part 2)")


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", pgettext_lazy("decision", "rejected")


class HeadDecisionQuerySet(models.QuerySet["HeadDecision"]):
    def visible_to(self, user: Any) -> HeadDecisionQuerySet:
        return self.filter(appeal__in=Appeal.objects.visible_to(user))

    def pending(self) -> HeadDecisionQuerySet:
        return self.filter(status=DecisionStatus.PROPOSED)


class HeadDecision(models.Model):
    """A decision only the head (or a deputy) takes: proposed by staff, approved by the head.

    A head's own proposal is approved at once. Approval applies it (moves the deadline,
    closes the issue as not considered, records the personal consideration).
    """

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="decisions")
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DecisionKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED
    )
    until = models.DateField(_("new deadline"), null=True, blank=True)
    ground = models.CharField(
        _("ground"), max_length=16, choices=NotConsideredGround.choices, blank=True
    )
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("head's note"), blank=True)

    objects: ClassVar[HeadDecisionQuerySet] = HeadDecisionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("head's decision")
        verbose_name_plural = _("head's decisions")
        ordering = ["-proposed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_status_display()}"


# --- personal reception (особистий прийом), Instruction 348/1997 -------------------------


class ReceptionScheduleQuerySet(models.QuerySet["ReceptionSchedule"]):
    def visible_to(self, user: Any) -> ReceptionScheduleQuerySet:
        from suprovid.network.models import Institution

        return self.filter(institution__in=Institution.objects.visible_to(user))


class ReceptionSchedule(models.Model):
    """A reception day of an official: where and when citizens are received."""

    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        related_name="reception_schedules",
    )
    institution = models.ForeignKey(
        "network.Institution", verbose_name=_("institution"), on_delete=models.PROTECT
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    slots = models.PositiveSmallIntegerField(_("places to book"), default=10)

    objects: ClassVar[ReceptionScheduleQuerySet] = ReceptionScheduleQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("reception day")
        verbose_name_plural = _("reception days")
        ordering = ["date", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="reception_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.official} {self.date:%d.%m.%Y}"


class VisitMode(models.TextChoices):
    BOOKED = "booked", _("booked in advance")
    QUEUE = "queue", _("in the live queue")


class VisitStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    RECEIVED = "received", _("received")
    NO_SHOW = "no_show", _("did not come")


class ReceptionVisitQuerySet(models.QuerySet["ReceptionVisit"]):
    def visible_to(self, user: Any) -> ReceptionVisitQuerySet:
        return self.filter(schedule__in=ReceptionSchedule.objects.visible_to(user))


class ReceptionVisit(models.Model):
    """One citizen on a reception day: the personal-reception card (Instruction 348/1997)."""

    schedule = models.ForeignKey(ReceptionSchedule, on_delete=models.PROTECT, related_name="visits")
    mode = models.CharField(_("registration"), max_length=16, choices=VisitMode.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("visitor"),
        on_delete=models.PROTECT,
        related_name="reception_visits",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=VisitStatus.choices, default=VisitStatus.REGISTERED
    )
    substance = models.TextField(_("substance of the appeal"), blank=True)
    result = models.TextField(_("result of the reception"), blank=True)
    appeal = models.OneToOneField(
        Appeal,
        verbose_name=_("registered as appeal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reception_visit",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[ReceptionVisitQuerySet] = ReceptionVisitQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("personal-reception card")
        verbose_name_plural = _("personal-reception cards")
        ordering = ["schedule", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "person"], name="reception_visit_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.schedule} · {self.person}"
