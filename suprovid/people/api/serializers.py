"""Persons in the API: the shapes of contract.md, validation shared with the web forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from suprovid.core.api.fields import MAX_VERSION
from suprovid.people import services
from suprovid.people.health import HealthGround
from suprovid.people.models import (
    ConsentPurpose,
    DisabilityGroup,
    Fate,
    Person,
    PersonStatus,
    Sex,
    StatusCode,
    StatusSource,
)
from suprovid.people.validators import (
    check_identity_document,
    clean_passport,
    clean_phone,
    clean_rnokpp,
    clean_unzr,
    rnokpp_warnings,
)
from suprovid.territory.codes import is_valid_code, normalize_code
from suprovid.territory.models import Territory


def _parsed(cleaner: Callable[[str], str], value: str) -> str:
    try:
        return cleaner(value)
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages) from None


class PersonStatusSerializer(serializers.Serializer[PersonStatus]):
    """One status; `code` is one of the codes of contract.md."""

    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(max_length=32)
    label = serializers.CharField(source="get_code_display", read_only=True)  # type: ignore[assignment]
    disability_group = serializers.ChoiceField(
        choices=DisabilityGroup.choices, required=False, allow_blank=True
    )
    certificate = serializers.CharField(max_length=50, required=False, allow_blank=True)
    certificate_issuer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    certificate_date = serializers.DateField(required=False, allow_null=True)
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_to = serializers.DateField(required=False, allow_null=True)
    source = serializers.ChoiceField(choices=StatusSource.choices, required=False)  # type: ignore[assignment]
    health_ground = serializers.ChoiceField(
        choices=HealthGround.choices,
        required=False,
        allow_blank=True,
        help_text="Law 2297-VI art. 7 part 2: the ground a disability (health data) is "
        "recorded on; empty means the person's health consent in force (else 400).",
    )
    health_consent = serializers.IntegerField(source="health_consent_id", read_only=True)

    def validate_code(self, value: str) -> str:
        if value not in StatusCode.values:
            raise serializers.ValidationError(
                _("Unknown status code %(code)s. Use one of: %(codes)s.")
                % {"code": value, "codes": ", ".join(StatusCode.values)}
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        valid_from, valid_to = attrs.get("valid_from"), attrs.get("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            raise serializers.ValidationError(
                {"valid_to": _("The end of validity cannot precede its start.")}
            )
        return attrs


class ConsentInputSerializer(serializers.Serializer[Any]):
    """A consent the person signs at registration (write only)."""

    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    given_on = serializers.DateField()
    document = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PersonSerializer(serializers.Serializer[Person]):
    """A person with nested statuses. PATCH must carry the `version` it read (else 409)."""

    id = serializers.IntegerField(read_only=True)
    last_name = serializers.CharField(max_length=100)
    first_name = serializers.CharField(max_length=100)
    patronymic = serializers.CharField(max_length=100, required=False, allow_blank=True)
    full_name = serializers.CharField(read_only=True)
    birth_date = serializers.DateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    rnokpp = serializers.CharField(max_length=20, required=False, allow_blank=True)
    rnokpp_refused = serializers.BooleanField(required=False)
    passport = serializers.CharField(max_length=20, required=False, allow_blank=True)
    unzr = serializers.CharField(max_length=20, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    territory_code = serializers.CharField(
        source="territory_id", required=False, allow_blank=True, allow_null=True
    )
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    actual_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    fate = serializers.ChoiceField(choices=Fate.choices, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    statuses = PersonStatusSerializer(many=True, required=False)
    consents = ConsentInputSerializer(
        many=True,
        required=False,
        write_only=True,
        help_text="consents signed at registration, recorded before the statuses (a "
        "disability status may rest on a health consent given here)",
    )
    institution = serializers.IntegerField(source="institution_id", read_only=True)
    merged_into = serializers.IntegerField(source="merged_into_id", read_only=True)
    version = serializers.IntegerField(required=False, min_value=1, max_value=MAX_VERSION)
    rnokpp_mismatch = serializers.CharField(read_only=True)
    confirm_rnokpp_mismatch = serializers.BooleanField(
        required=False,
        write_only=True,
        help_text="true after checking the document when the РНОКПП disagrees with the "
        "birth date or sex; the disagreement is then recorded (`rnokpp_mismatch`)",
    )
    confirm_duplicate = serializers.BooleanField(
        required=False,
        write_only=True,
        help_text="true to register although likely duplicates were answered with 409",
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def validate_rnokpp(self, value: str) -> str:
        return _parsed(clean_rnokpp, value)

    def validate_passport(self, value: str) -> str:
        return _parsed(clean_passport, value)

    def validate_unzr(self, value: str) -> str:
        return _parsed(clean_unzr, value)

    def validate_phone(self, value: str) -> str:
        return _parsed(clean_phone, value)

    def validate_territory_code(self, value: str | None) -> Territory | None:
        if not value:
            return None
        code = normalize_code(value)
        if not is_valid_code(code):
            raise serializers.ValidationError(
                _("A КАТОТТГ code is UA followed by 17 digits, e.g. UA12060170010065850.")
            )
        unit = Territory.objects.filter(pk=code).first()
        if unit is None:
            raise serializers.ValidationError(
                _("There is no territory with the code %(code)s in the codifier.") % {"code": code}
            )
        if unit.abolished_in and getattr(self.instance, "territory_id", None) != code:
            raise serializers.ValidationError(
                _(
                    "%(name)s (%(code)s) was abolished in the %(edition)s edition of the "
                    "codifier: choose the unit that replaced it."
                )
                % {"name": unit.name, "code": code, "edition": unit.abolished_in}
            )
        return unit

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            if self.instance.merged_into_id is not None:
                raise serializers.ValidationError(
                    _("This record was merged into person %(id)s; edit that record instead.")
                    % {"id": self.instance.merged_into_id}
                )
            if "version" not in attrs:
                raise serializers.ValidationError(
                    {"version": _("Send the version you read, so that no change is lost.")}
                )
            if "statuses" in attrs:
                raise serializers.ValidationError(
                    {"statuses": _("Statuses are not changed by editing a person.")}
                )
            if "consents" in attrs:
                raise serializers.ValidationError(
                    {"consents": _("Consents are not changed by editing a person.")}
                )

        def current(name: str, default: Any) -> Any:
            if name in attrs:
                return attrs[name]
            return getattr(self.instance, name, default)

        warnings = rnokpp_warnings(
            current("rnokpp", ""), current("birth_date", None), current("sex", "") or ""
        )
        unchanged = self.instance is not None and not ({"rnokpp", "birth_date", "sex"} & set(attrs))
        if warnings and not attrs.get("confirm_rnokpp_mismatch") and not unchanged:
            raise serializers.ValidationError(
                {
                    "rnokpp": [w.message for w in warnings]
                    + [_("Send confirm_rnokpp_mismatch: true after checking the document.")]
                }
            )
        try:
            check_identity_document(
                rnokpp=current("rnokpp", ""),
                rnokpp_refused=bool(current("rnokpp_refused", False)),
                passport=current("passport", ""),
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return attrs

    @staticmethod
    def _person_fields(data: dict[str, Any]) -> dict[str, Any]:
        fields = {k: v for k, v in data.items() if k in services.PERSON_FIELDS}
        if "territory_id" in data:
            fields["territory"] = data["territory_id"]
        return fields

    def create(self, validated_data: dict[str, Any]) -> Person:
        request = self.context["request"]
        statuses = [dict(s) for s in validated_data.get("statuses", [])]
        return services.person_create(
            actor=request.user,
            fields=self._person_fields(validated_data),
            statuses=statuses,
            confirm_identifiers=bool(validated_data.get("confirm_rnokpp_mismatch")),
            consents=[dict(c) for c in validated_data.get("consents", [])],
        )

    def update(self, instance: Person, validated_data: dict[str, Any]) -> Person:
        request = self.context["request"]
        return services.person_update(
            actor=request.user,
            person=instance,
            fields=self._person_fields(validated_data),
            expected_version=validated_data["version"],
            confirm_identifiers=bool(validated_data.get("confirm_rnokpp_mismatch")),
        )
