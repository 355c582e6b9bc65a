"""Forms of the people pages. They parse input; rules live in validators and services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from suprovid.territory.forms import TerritoryField

from .models import Consent, ConsentPurpose, Person, PersonStatus, Relation, StatusCode
from .services import PERSON_FIELDS
from .validators import (
    check_identity_document,
    clean_passport,
    clean_phone,
    clean_rnokpp,
    clean_unzr,
    confirm_message,
    rnokpp_warnings,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _bootstrap(form: forms.BaseForm) -> None:
    """Bootstrap classes and `aria-invalid` on fields with errors (screen readers)."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
        if form.is_bound and name in form.errors:
            widget.attrs["aria-invalid"] = "true"
            widget.attrs["class"] += " is-invalid"


class PersonForm(forms.ModelForm[Person]):
    """A person's details. Identifiers are cleaned to their stored form (E.164, digits)."""

    territory = TerritoryField(label=_("registered residence (КАТОТТГ)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_rnokpp = forms.BooleanField(
        label=_("The РНОКПП is checked against the document"),
        required=False,
        help_text=_(
            "Tick only when the РНОКПП disagrees with the birth date or sex and the document "
            "confirms it; the disagreement is recorded on the card."
        ),
    )

    class Meta:
        model = Person
        fields = [f for f in PERSON_FIELDS if f != "territory"]
        widgets = {
            "birth_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "rnokpp": _("10 digits. Leave empty if unknown."),
            "passport": _("Series and number (МК 123456) or an ID-card number (9 digits)."),
            "unzr": _("YYYYMMDD-NNNNN"),
            "phone": _("For example 067 123 45 67."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["territory"].initial = self.instance.territory_id
            self.fields["territory"].keep_code = self.instance.territory_id  # type: ignore[attr-defined]
        else:
            del self.fields["version"]
        self.order_fields([*PERSON_FIELDS, "confirm_rnokpp", "version"])
        _bootstrap(self)

    def clean_rnokpp(self) -> str:
        return clean_rnokpp(self.cleaned_data.get("rnokpp", ""))

    def clean_passport(self) -> str:
        return clean_passport(self.cleaned_data.get("passport", ""))

    def clean_unzr(self) -> str:
        return clean_unzr(self.cleaned_data.get("unzr", ""))

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean_birth_date(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("birth_date")
        if value is not None and value > timezone.localdate():
            raise ValidationError(_("The birth date cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "rnokpp" in data and "birth_date" in data:
            warnings = rnokpp_warnings(data["rnokpp"], data["birth_date"], data.get("sex") or "")
            already = bool(self.instance.pk and self.instance.rnokpp_mismatch) and all(
                data.get(n) == getattr(self.instance, n) for n in ("rnokpp", "birth_date", "sex")
            )
            if warnings and not data.get("confirm_rnokpp") and not already:
                self.add_error("rnokpp", confirm_message(warnings))
        if "rnokpp" in data and "passport" in data:
            try:
                check_identity_document(
                    rnokpp=data["rnokpp"],
                    rnokpp_refused=bool(data.get("rnokpp_refused")),
                    passport=data["passport"],
                )
            except ValidationError as error:
                self.add_error(None, error)
        return data

    def _post_clean(self) -> None:
        # Uniqueness and the rest are the service's business (it knows merged records).
        pass

    def person_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in PERSON_FIELDS if name in data}


class StatusForm(forms.ModelForm[PersonStatus]):
    """One status row; on the create page, an untouched row is skipped."""

    class Meta:
        model = PersonStatus
        fields = [
            "code",
            "disability_group",
            "certificate",
            "certificate_issuer",
            "certificate_date",
            "valid_from",
            "valid_to",
            "source",
            "health_ground",
        ]
        help_texts = {
            "health_ground": _(
                "Law 2297-VI art. 7: a disability is health data. Leave empty when the "
                "person's consent to processing of health data is recorded."
            ),
        }
        widgets = {
            "certificate_date": DateInput(),
            "valid_from": DateInput(),
            "valid_to": DateInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        valid_from, valid_to = data.get("valid_from"), data.get("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            self.add_error("valid_to", _("The end of validity cannot precede its start."))
        if data.get("disability_group") and data.get("code") != StatusCode.WAR_DISABLED:
            self.add_error(
                "disability_group",
                _("A disability group belongs only to the status of a person with disability."),
            )
        return data

    def _post_clean(self) -> None:
        pass

    def status_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


StatusFormSet = forms.formset_factory(StatusForm, extra=1, max_num=12)


class HealthConsentForm(forms.Form):
    """On the registration page: the person signs the health-data consent there and then
    (Law 2297-VI art. 7 part 2 p. 1), so a disability status can be recorded with it."""

    given = forms.BooleanField(
        label=_("The person signed consent to processing of health and disability data"),
        required=False,
    )
    document = forms.CharField(
        label=_("document / note"),
        max_length=200,
        required=False,
        help_text=_("E.g. the number of the signed consent form."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def consents(self) -> list[dict[str, Any]]:
        """The consent to record with the person (none unless ticked)."""
        if not self.is_valid() or not self.cleaned_data.get("given"):
            return []
        return [
            {
                "purpose": ConsentPurpose.HEALTH,
                "given_on": timezone.localdate(),
                "document": self.cleaned_data.get("document", ""),
            }
        ]


class FamilyLinkForm(forms.Form):
    relation = forms.ChoiceField(label=_("relation"), choices=Relation.choices)
    relative = forms.IntegerField(widget=forms.HiddenInput)


class ConsentForm(forms.ModelForm[Consent]):
    class Meta:
        model = Consent
        fields = ["purpose", "given_on", "document"]
        widgets = {"given_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate
        _bootstrap(self)

    def _post_clean(self) -> None:
        pass


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("withdrawn on"), widget=DateInput(), initial=timezone.localdate
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)
