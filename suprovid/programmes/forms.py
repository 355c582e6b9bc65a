"""Forms of the programmes app: the catalogue for programme managers, desk forms for staff."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suprovid.network.models import Institution
from suprovid.people.models import StatusCode
from suprovid.territory.forms import TerritoryField

from .models import (
    Course,
    Direction,
    Distribution,
    Enrolment,
    EnrolmentStatus,
    Event,
    ExpenditureKind,
    Service,
)


class _Bootstrap:
    """Bootstrap classes on every widget."""

    def _style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class _Versioned:
    """Catalogue edit forms carry the version they were read at (a hidden field).

    A new record has no version; an edit must send one back, so that a save over someone
    else's newer change is refused instead of overwriting it (`catalogue_save`).
    """

    def _version(self) -> None:
        fields = self.fields  # type: ignore[attr-defined]
        instance = self.instance  # type: ignore[attr-defined]
        if instance.pk:
            fields["version"].initial = instance.version
        else:
            del fields["version"]

    def clean_version(self) -> int | None:
        version: int | None = self.cleaned_data.get("version")  # type: ignore[attr-defined]
        if self.instance.pk and version is None:  # type: ignore[attr-defined]
            raise forms.ValidationError(MISSING_VERSION)
        return version

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        # A missing version sits on a hidden field: show it where the person can read it.
        errors = self.errors.get("version")  # type: ignore[attr-defined]
        if errors:
            self.add_error(None, list(errors))  # type: ignore[attr-defined]

    def edited_fields(self) -> list[str]:
        """The model fields this form writes (for a versioned save of just these)."""
        return list(self._meta.fields)  # type: ignore[attr-defined]


MISSING_VERSION = _(
    "The form was sent without the version it was opened at. Reload the page and edit again."
)


def _version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DirectionForm(_Versioned, _Bootstrap, forms.ModelForm[Direction]):
    version = _version_field()
    territory = TerritoryField(label=_("Owner territory"))

    class Meta:
        model = Direction
        fields = ["name", "description", "territory", "institution", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["institution"].queryset = Institution.objects.visible_to(user)  # type: ignore[attr-defined]
        self._version()
        self._style()

    def clean_territory(self) -> Any:
        unit = self.cleaned_data["territory"]
        prefix = self.user.territory_prefix
        if (
            unit is not None
            and not self.user.sees_everything
            and not (prefix and unit.code.startswith(prefix))
        ):
            raise forms.ValidationError(
                _("Choose a territory inside your own: you could not see the direction otherwise.")
            )
        return unit


class ServiceForm(_Versioned, _Bootstrap, forms.ModelForm[Service]):
    version = _version_field()
    qualifying_statuses = forms.MultipleChoiceField(
        label=_("Qualifying statuses"),
        choices=StatusCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A person qualifies with any of these. None chosen: no status needed."),
    )
    residence_territory = TerritoryField(label=_("Registered residence inside"), required=False)

    class Meta:
        model = Service
        fields = [
            "name",
            "description",
            "unit",
            "unit_cost",
            "qualifying_statuses",
            "residence_territory",
            "residence_phrase",
            "min_age",
            "max_age",
            "limit_quantity",
            "limit_period",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._version()
        self._style()


class DistributionForm(_Versioned, _Bootstrap, forms.ModelForm[Distribution]):
    version = _version_field()
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        choices=StatusCode.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Statuses this wave is for. None chosen: the service's own statuses."),
    )

    class Meta:
        model = Distribution
        fields = ["name", "starts_on", "ends_on", "places", "categories"]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "places": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._version()
        self._style()


class _OfferingForm(_Versioned, _Bootstrap, forms.ModelForm[Any]):
    """An event's or a course's form: dates in order, and a capacity not below the places
    already taken (`Offering.TAKEN`)."""

    version = _version_field()
    taken_message: Any = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._version()
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end cannot be before the start."))
        capacity = data.get("capacity")
        taken = self.instance.taken if self.instance.pk else 0
        if capacity is not None and capacity < taken:
            self.add_error("capacity", self.taken_message % {"n": taken})
        return data


class EventForm(_OfferingForm):
    taken_message = _("%(n)s people are already registered: the capacity cannot be lower.")

    class Meta:
        model = Event
        fields = ["name", "starts_on", "ends_on", "place", "capacity"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class CourseForm(_OfferingForm):
    taken_message = _("%(n)s people are already enrolled: the capacity cannot be lower.")

    class Meta:
        model = Course
        fields = ["name", "provider", "starts_on", "ends_on", "sessions", "capacity"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class BudgetForm(_Bootstrap, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    planned = forms.DecimalField(
        label=_("Planned, UAH"), min_value=0, max_digits=14, decimal_places=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class ExpenditureForm(_Bootstrap, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ExpenditureKind.choices)
    on = forms.DateField(label=_("Date"), widget=DateInput())
    amount = forms.DecimalField(
        label=_("Amount, UAH"), min_value=0, max_digits=14, decimal_places=2
    )
    description = forms.CharField(label=_("Description"), max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class DeliveryForm(_Bootstrap, forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=Service.objects.none())
    delivered_on = forms.DateField(label=_("Date"), widget=DateInput())
    # The same bound as the API (`DeliveryInSerializer`): more would overflow the stored
    # quantity and amount, and is a typing slip at a desk anyway.
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=10000, initial=1)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = (  # type: ignore[attr-defined]
            Service.objects.visible_to(user).active().select_related("direction")
        )
        self.fields["delivered_on"].initial = timezone.localdate()
        self._style()

    def clean_delivered_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["delivered_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A delivery cannot be recorded in the future."))
        return day


class EnrolmentForm(_Bootstrap, forms.ModelForm[Enrolment]):
    class Meta:
        model = Enrolment
        fields = ["status", "sessions_attended", "completed_on", "employed_on", "employer"]
        widgets = {"completed_on": DateInput(), "employed_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == EnrolmentStatus.COMPLETED and not data.get("completed_on"):
            self.add_error("completed_on", _("Give the date the course was completed."))
        return data
