"""Shapes of the appeals API (contract.md "Shapes relied on")."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from suprovid.accounts.models import User
from suprovid.appeals.case_link import open_cases
from suprovid.appeals.models import (
    Appeal,
    AppealForm,
    AppealSign,
    AppealType,
    Channel,
    DeadlineRule,
    Issue,
    Medium,
    Outcome,
    Referral,
    ReferralStatus,
    SocialStatus,
    SupportKind,
)
from suprovid.core.api.fields import MAX_ID, MAX_VERSION
from suprovid.network.models import Institution
from suprovid.network.staff import staff_choices
from suprovid.people.health import HealthGround
from suprovid.people.models import Person
from suprovid.topics.models import Topic


def _user_by_email(email: str, *, actor: User) -> User:
    """A colleague `actor` may make responsible (as on the web form): the assignee comes
    to see the issue and its person, so nobody outside the actor's scope qualifies."""
    user: User | None = staff_choices(actor).filter(email__iexact=email.strip()).first()
    if user is None:
        raise serializers.ValidationError(
            _("No active staff account with the e-mail “%(email)s”.") % {"email": email}
        )
    return user


class IssueSerializer(serializers.ModelSerializer[Issue]):
    topic = serializers.CharField(source="topic_id", read_only=True)
    appeal_number = serializers.CharField(source="appeal.number", read_only=True)
    specialist_email = serializers.EmailField(source="assignee.email", read_only=True, default="")
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Issue
        fields = [
            "id", "appeal", "appeal_number", "topic", "topic_group", "person", "assignee",
            "specialist_email", "institution", "territory", "received_on", "text", "status",
            "deadline_rule", "due_on", "extended_until", "extension_reason", "outcome",
            "support_kind", "resolution", "closed_on", "is_overdue", "version",
            "health_ground", "health_consent",
        ]  # fmt: skip
        read_only_fields = fields


class IssuePatchSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(
        max_value=MAX_VERSION,
        error_messages={"required": _("Send the version you read, to avoid overwriting.")},
    )
    text = serializers.CharField(required=False, allow_blank=True)
    specialist_email = serializers.EmailField(required=False)

    def validate_specialist_email(self, value: str) -> User:
        return _user_by_email(value, actor=self.context["request"].user)


class IssueCloseSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    support_kind = serializers.ChoiceField(
        choices=SupportKind.choices, required=False, allow_blank=True, default=""
    )
    closed_on = serializers.DateField(required=False, allow_null=True, default=None)
    resolution = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, max_value=MAX_VERSION
    )


class IssueReopenSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, max_value=MAX_VERSION
    )


class IssueExtendSerializer(serializers.Serializer[Any]):
    until = serializers.DateField()
    reason = serializers.CharField()
    version = serializers.IntegerField(
        required=False, allow_null=True, default=None, max_value=MAX_VERSION
    )


class IssueInSerializer(serializers.Serializer[Any]):
    topic = serializers.CharField()
    text = serializers.CharField(required=False, allow_blank=True, default="")
    person = serializers.IntegerField(required=False, allow_null=True, default=None)
    specialist_email = serializers.EmailField(required=False, allow_blank=True, default="")
    deadline_rule = serializers.ChoiceField(
        choices=DeadlineRule.choices, required=False, default=DeadlineRule.STANDARD
    )
    health_ground = serializers.ChoiceField(
        choices=HealthGround.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Law 2297-VI art. 7 part 2: for a medical, rehabilitation or psychological "
        "topic, the ground the issue is recorded on; empty means the person's health consent "
        "in force (else 400).",
    )

    def validate_topic(self, value: str) -> Topic:
        topic = Topic.objects.filter(code=value, is_active=True).first()
        if topic is None:
            raise serializers.ValidationError(_("Unknown topic “%(code)s”.") % {"code": value})
        return topic

    def validate_specialist_email(self, value: str) -> User | None:
        return _user_by_email(value, actor=self.context["request"].user) if value else None


class AppealCreateSerializer(serializers.Serializer[Any]):
    received_on = serializers.DateField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    appeal_type = serializers.ChoiceField(choices=AppealType.choices, default=AppealType.REQUEST)
    form = serializers.ChoiceField(choices=AppealForm.choices, default=AppealForm.INDIVIDUAL)
    sign = serializers.ChoiceField(
        choices=AppealSign.choices, required=False, allow_null=True, default=None
    )
    institution_code = serializers.CharField()
    applicant = serializers.IntegerField(
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="Omitted only when anonymous.",
    )
    text = serializers.CharField(required=False, allow_blank=True, default="")
    medium = serializers.ChoiceField(
        choices=Medium.choices, required=False, allow_blank=True, default=""
    )
    contact = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    social_status = serializers.ChoiceField(
        choices=SocialStatus.choices, required=False, allow_blank=True, default=""
    )
    signatories = serializers.IntegerField(required=False, default=1, min_value=1, max_value=100000)
    case = serializers.IntegerField(
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="An open support case id.",
    )
    issues = IssueInSerializer(many=True, allow_empty=False)

    def _persons(self) -> Any:
        return Person.objects.visible_to(self.context["request"].user).active()

    def validate_institution_code(self, value: str) -> Institution:
        inst = (
            Institution.objects.visible_to(self.context["request"].user).filter(code=value).first()
        )
        if inst is None:
            raise serializers.ValidationError(
                _("Unknown institution “%(code)s”.") % {"code": value}
            )
        return inst

    def validate_applicant(self, value: int | None) -> Person | None:
        if value is None:
            return None
        person: Person | None = self._persons().filter(pk=value).first()
        if person is None:
            raise serializers.ValidationError(_("Unknown person %(id)s.") % {"id": value})
        return person

    def validate_case(self, value: int | None) -> Any:
        if value is None:
            return None
        case = open_cases(self.context["request"].user).filter(pk=value).first()
        if case is None:
            raise serializers.ValidationError(
                _("Unknown open support case %(id)s.") % {"id": value}
            )
        return case

    def validate_issues(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = {i["person"] for i in value if i.get("person") and 0 < i["person"] <= MAX_ID}
        found = {p.pk: p for p in self._persons().filter(pk__in=ids)}
        for item in value:
            if item.get("person"):
                if item["person"] not in found:
                    raise serializers.ValidationError(
                        _("Unknown person %(id)s.") % {"id": item["person"]}
                    )
                item["person"] = found[item["person"]]
        return value


class AppealSerializer(serializers.ModelSerializer[Appeal]):
    institution_code = serializers.CharField(source="institution.code", read_only=True)
    issues = IssueSerializer(many=True, read_only=True)

    class Meta:
        model = Appeal
        fields = [
            "id", "number", "registration_index", "received_on", "channel", "medium",
            "appeal_type", "form", "sign", "institution", "institution_code", "applicant",
            "contact", "social_status", "signatories", "author_category", "is_privileged",
            "privileged_reason", "head_personally", "text", "case", "issues",
        ]  # fmt: skip
        read_only_fields = fields


class ReferralSerializer(serializers.ModelSerializer[Referral]):
    """What the referring side sees: the whole loop."""

    institution_code = serializers.CharField(source="institution.code", read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id", "issue", "institution", "institution_code", "status", "due_on", "consent",
            "shared_note", "decline_reason", "outcome_text", "responded_at", "completed_on",
        ]  # fmt: skip
        read_only_fields = fields


class PartnerReferralSerializer(serializers.ModelSerializer[Referral]):
    """What the receiving institution sees: only what the referral shares."""

    topic = serializers.CharField(source="issue.topic_id", read_only=True)
    person_name = serializers.CharField(source="issue.person.full_name", read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id", "topic", "person_name", "status", "due_on", "shared_note", "decline_reason",
            "outcome_text", "responded_at", "completed_on",
        ]  # fmt: skip
        read_only_fields = fields


class ReferralCreateSerializer(serializers.Serializer[Any]):
    issue = serializers.IntegerField(max_value=MAX_ID)
    institution_code = serializers.CharField()
    due_on = serializers.DateField()
    shared_note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_institution_code(self, value: str) -> Institution:
        inst = Institution.objects.filter(code=value, is_active=True).first()
        if inst is None:
            raise serializers.ValidationError(
                _("Unknown institution “%(code)s”.") % {"code": value}
            )
        return inst


class ReferralAnswerSerializer(serializers.Serializer[Any]):
    """An answer; `read_status` (optional) is the status the client read the referral in.

    The answer is applied only if the referral is still in that status (by default: the
    status it has when the request arrives); otherwise 409, and the other answer stays.
    """

    reason = serializers.CharField(required=False, allow_blank=True, default="")
    outcome_text = serializers.CharField(required=False, allow_blank=True, default="")
    read_status = serializers.ChoiceField(choices=ReferralStatus.choices, required=False)
