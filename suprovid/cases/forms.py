"""Forms of the cases app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from suprovid.accounts.models import User
from suprovid.appeals.forms import topic_choices
from suprovid.core.forms import DATE, StyledForm
from suprovid.network.models import Institution
from suprovid.network.staff import staff_choices
from suprovid.people.health import HealthGround
from suprovid.people.models import Person, Relation
from suprovid.topics.models import Topic


class CaseOpenForm(StyledForm):
    primary_person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label=_("Veteran or family member (person ID)"),
        widget=forms.NumberInput,
    )
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.none(), label=_("Institution")
    )
    specialist = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Specialist"), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["primary_person"].queryset = Person.objects.visible_to(user).active()  # type: ignore[attr-defined]
        self.fields["institution"].queryset = Institution.objects.visible_to(user)  # type: ignore[attr-defined]
        self.fields["institution"].initial = user.institution_id
        self.fields["specialist"].queryset = staff_choices(user)  # type: ignore[attr-defined]
        self.fields["specialist"].initial = user.pk


class MemberForm(StyledForm):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        label=_("Family member (person ID)"),
        widget=forms.NumberInput,
    )
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.visible_to(user).active()  # type: ignore[attr-defined]


class NeedForm(StyledForm):
    topic: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Topic.objects.none(), label=_("Topic")
    )
    description = forms.CharField(label=_("Description"), required=False)
    # Law 2297-VI art. 7: medical, rehabilitation and psychological needs are health data.
    health_ground = forms.ChoiceField(
        label=_("Ground for health data"),
        required=False,
        choices=[("", _("the person's health consent")), *HealthGround.choices],
        help_text=_("Only for medical, rehabilitation and psychological topics."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topic_choices()  # type: ignore[attr-defined]


class StepForm(StyledForm):
    description = forms.CharField(label=_("Step"), max_length=300)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)


class ReviewForm(StyledForm):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}))
    next_review_on = forms.DateField(label=_("Next review"), required=False, widget=DATE)


class AssignForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    specialist = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Specialist"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["specialist"].queryset = staff_choices(user)  # type: ignore[attr-defined]


class CloseForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for closing"), widget=forms.Textarea(attrs={"rows": 2})
    )
