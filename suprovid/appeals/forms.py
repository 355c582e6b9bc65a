"""Forms of the appeals app. They parse input; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suprovid.accounts.models import User
from suprovid.core.forms import DATE, StyledForm
from suprovid.network.models import Institution
from suprovid.network.staff import staff_choices
from suprovid.people.health import HealthGround
from suprovid.people.models import Person
from suprovid.topics.models import Topic

from .case_link import open_cases
from .models import (
    ActivityKind,
    AppealForm,
    AppealSign,
    AppealType,
    Channel,
    DeadlineRule,
    DecisionKind,
    Issue,
    LetterChannel,
    LetterKind,
    Medium,
    NotConsideredGround,
    Outcome,
    SocialStatus,
    SupportKind,
    VisitMode,
)


def topic_choices() -> Any:
    return Topic.objects.filter(is_active=True).order_by("code")


class TopicChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{'— ' if obj.parent_id else ''}{obj}"


class AppealRegisterForm(StyledForm):
    applicant = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label=_("Applicant"),
        widget=forms.HiddenInput,
        required=False,
        error_messages={"required": _("Find the applicant or register them first.")},
    )
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    appeal_type = forms.ChoiceField(
        label=_("Type"), choices=AppealType.choices, initial=AppealType.REQUEST
    )
    form = forms.ChoiceField(
        label=_("Individual, collective or anonymous"),
        choices=AppealForm.choices,
        initial=AppealForm.INDIVIDUAL,
    )
    signatories = forms.IntegerField(
        label=_("Signatories (collective)"),
        min_value=1,
        max_value=100000,
        initial=1,
        required=False,
    )
    contact = forms.CharField(
        label=_("Contact for the reply"),
        max_length=200,
        required=False,
        help_text=_("Law 393/96 art. 5: required for an electronic appeal."),
    )
    medium = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("from the channel")), *Medium.choices],
        required=False,
    )
    social_status = forms.ChoiceField(
        label=_("Social status"), choices=[("", "—"), *SocialStatus.choices], required=False
    )
    sign = forms.ChoiceField(
        label=_("Sign"),
        choices=[("", _("suggest automatically")), *AppealSign.choices],
        required=False,
    )
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.none(), label=_("Receiving institution")
    )
    text = forms.CharField(
        label=_("Substance"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    # Rendered next to the applicant (their open cases), hence hidden among the fields.
    case: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,  # set per user in __init__ (`case_link.open_cases`)
        label=_("Support case"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = open_cases(user)  # type: ignore[attr-defined]
        self.fields["applicant"].queryset = Person.objects.visible_to(user).active()  # type: ignore[attr-defined]
        self.fields["institution"].queryset = Institution.objects.visible_to(user).filter(  # type: ignore[attr-defined]
            is_active=True
        )
        self.fields["institution"].initial = user.institution_id
        self.fields["received_on"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Law 393/96 art. 8: an anonymous appeal is registered (and counted) without author.
        if data.get("form") != AppealForm.ANONYMOUS and not data.get("applicant"):
            self.add_error("applicant", _("Find the applicant or register them first."))
        return data


class IssueForm(StyledForm):
    topic = TopicChoiceField(queryset=Topic.objects.none(), label=_("Topic"))
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label=_("Person concerned"),
        required=False,
        empty_label=_("the applicant"),
        # The options are the applicant and their family (filled in by the intake page once
        # the applicant is chosen) plus whoever the desk adds from the search: never a list
        # of every person in scope, and never an internal id to type.
        widget=forms.Select(attrs={"class": "form-select person-picker"}),
    )
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Responsible specialist"), required=False
    )
    deadline_rule = forms.ChoiceField(
        label=_("Deadline"), choices=DeadlineRule.choices, initial=DeadlineRule.STANDARD
    )
    text = forms.CharField(
        label=_("Issue"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    # Law 2297-VI art. 7: medical, rehabilitation and psychological issues are health data.
    health_ground = forms.ChoiceField(
        label=_("Ground for health data"),
        required=False,
        choices=[("", _("the person's health consent")), *HealthGround.choices],
        help_text=_("Only for medical, rehabilitation and psychological topics."),
    )

    def __init__(
        self,
        *args: Any,
        user: User,
        person_choices: list[tuple[Person, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topic_choices()  # type: ignore[attr-defined]
        visible = Person.objects.visible_to(user).active()
        self.fields["person"].queryset = visible  # type: ignore[attr-defined]
        options = [(p.pk, f"{p.full_name} ({relation})") for p, relation in person_choices or []]
        chosen = self["person"].value() if self.is_bound else None
        known = {str(pk) for pk, _label in options}
        if chosen and str(chosen) not in known and str(chosen).isdigit():
            extra = visible.filter(pk=int(str(chosen))).first()
            if extra is not None:
                options.append((extra.pk, extra.full_name))
        self.fields["person"].widget.choices = [("", _("the applicant")), *options]
        self.fields["assignee"].queryset = staff_choices(user)  # type: ignore[attr-defined]
        self.fields["assignee"].initial = user.pk


class BaseIssueFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        if not any(f.cleaned_data and not f.cleaned_data.get("DELETE") for f in self.forms):
            raise forms.ValidationError(_("An appeal raises at least one issue."))


IssueFormSet = forms.formset_factory(
    IssueForm, formset=BaseIssueFormSet, extra=1, max_num=20, can_delete=False
)


class PersonQuickForm(StyledForm):
    # Rendered inside the appeal form: browser "required" checks would block that form.
    use_required_attribute = False

    last_name = forms.CharField(label=_("Last name"), max_length=100)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    rnokpp = forms.RegexField(
        label=_("РНОКПП"),
        regex=r"^\d{10}$",
        required=False,
        error_messages={"invalid": _("РНОКПП has 10 digits.")},
    )
    # Law 2297-VI art. 11: consent is recorded when given; the desk is where it is signed.
    consent_sharing = forms.BooleanField(
        label=_("Signed consent to sharing with partner institutions (for referrals)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    consent_health = forms.BooleanField(
        label=_("Signed consent to processing of health and disability data"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    # Shown only once likely duplicates or a РНОКПП disagreement were found (people app).
    confirm_duplicate = forms.BooleanField(
        label=_("None of the persons listed: register a new person"), required=False
    )
    confirm_rnokpp = forms.BooleanField(
        label=_("The РНОКПП is checked against the document"), required=False
    )

    def __init__(self, *args: Any, confirm: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not confirm:
            for name in ("confirm_duplicate", "confirm_rnokpp"):
                if not self.data.get(name):
                    del self.fields[name]


class VersionForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class CloseForm(VersionForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    support_kind = forms.ChoiceField(
        label=_("Kind of support"),
        choices=[("", "—"), *SupportKind.choices],
        required=False,
    )
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE, required=False)
    resolution = forms.CharField(
        label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReopenForm(VersionForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(VersionForm):
    until = forms.DateField(label=_("New deadline"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason (the applicant is told)"), widget=forms.Textarea(attrs={"rows": 2})
    )


class RuleForm(VersionForm):
    rule = forms.ChoiceField(label=_("Deadline rule"), choices=DeadlineRule.choices)


class ReassignForm(VersionForm):
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Responsible specialist")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_choices(user)  # type: ignore[attr-defined]


class ActivityForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[c for c in ActivityKind.choices if c[0] != ActivityKind.STATUS_CHANGE],
    )
    text = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 2}))


class AttachmentForm(StyledForm):
    file = forms.FileField(label=_("File (PDF, JPG, PNG, DOCX, XLSX; up to 10 MB)"))


class ReferralForm(StyledForm):
    """A referral of an issue to another institution, chosen with the institution picker.

    A due date after the issue's legal deadline is accepted (the partner may need longer and
    the deadline can still be extended), but the form names the deadline beforehand and the
    view warns once the referral is sent.
    """

    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    shared_note = forms.CharField(
        label=_("What the institution may see"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        issue_due_on: Any = None,
        query: str = "",
        page: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        from suprovid.network.picker import InstitutionPickerField

        picker = InstitutionPickerField(
            user=user, query=query, page=page, find_form="referral-find", label=_("Refer to")
        )
        self.fields = {"institution": picker, **self.fields}
        if self.is_bound:
            picker.bind_chosen(self.data.get(self.add_prefix("institution")))
        if issue_due_on is not None:
            self.fields["due_on"].help_text = _(
                "The issue's legal deadline is %(date)s; a later due date leaves no time to answer."
            ) % {"date": issue_due_on.strftime("%d.%m.%Y")}
            self.fields["due_on"].widget.attrs["data-deadline"] = issue_due_on.isoformat()


class ReferralAnswerForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason for declining"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    outcome_text = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ShortenForm(VersionForm):
    until = forms.DateField(label=_("Shortened deadline"), widget=DATE)
    reason = forms.CharField(
        label=_("The applicant's reasons (art. 20)"), widget=forms.Textarea(attrs={"rows": 2})
    )


class LetterForm(StyledForm):
    """An answer or a notice to the applicant; the text comes from the kind's template."""

    kind = forms.ChoiceField(label=_("Letter"), choices=LetterKind.choices)
    issue: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Issue.objects.none(), required=False, label=_("Issue")
    )
    sent_on = forms.DateField(label=_("Date"), widget=DATE, required=False)
    channel = forms.ChoiceField(label=_("Sent by"), choices=LetterChannel.choices)
    signatory = forms.CharField(label=_("Signed by"), max_length=200)
    to_institution = forms.ModelChoiceField(
        queryset=Institution.objects.none(), required=False, label=_("Forwarded to")
    )
    to_body = forms.CharField(label=_("Forwarded to (another body)"), required=False)
    body = forms.CharField(
        label=_("Your text"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, appeal: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = appeal.issues.select_related("topic")  # type: ignore[attr-defined]
        self.fields["to_institution"].queryset = Institution.objects.visible_to(  # type: ignore[attr-defined]
            user
        ).exclude(pk=appeal.institution_id)


class DecisionForm(StyledForm):
    """A proposal to the head (or the head's own decision)."""

    kind = forms.ChoiceField(label=_("Decision"), choices=DecisionKind.choices)
    issue: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Issue.objects.none(), required=False, label=_("Issue")
    )
    until = forms.DateField(label=_("New deadline"), widget=DATE, required=False)
    ground = forms.ChoiceField(
        label=_("Ground (art. 8)"),
        choices=[("", "—"), *NotConsideredGround.choices],
        required=False,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, appeal: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issue"].queryset = appeal.issues.select_related("topic")  # type: ignore[attr-defined]


class DecideForm(StyledForm):
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class PrivilegedForm(StyledForm):
    privileged = forms.BooleanField(label=_("Privileged (considered first)"), required=False)
    reason = forms.CharField(label=_("Reason (benefit status and document)"), max_length=300)


class ResolutionForm(StyledForm):
    text = forms.CharField(
        label=_("Resolution: who acts, by when"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ReceptionRegisterForm(forms.Form):
    """Book a place or join the live queue of one reception day (`prefix` per day).

    The person is found with the people picker (scoped to the user), never typed as an id.
    """

    mode = forms.ChoiceField(
        label=_("Registration"),
        choices=VisitMode.choices,
        initial=VisitMode.BOOKED,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    substance = forms.CharField(
        label=_("Substance"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(
        self, *args: Any, user: User, query: str = "", find_form: str = "", **kwargs: Any
    ) -> None:
        from suprovid.people.picker import PersonPickerField

        super().__init__(*args, **kwargs)
        person = PersonPickerField(user=user, query=query, find_form=find_form, label=_("Person"))
        if self.is_bound:
            person.bind_chosen(self.data.get(self.add_prefix("person")))
        self.fields = {"person": person, **self.fields}
