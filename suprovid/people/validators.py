"""Parsers for a person's identifiers: РНОКПП, passport, УНЗР, phone.

Each `clean_*` function takes what a person typed and returns the stored form, or raises
`django.core.exceptions.ValidationError` with a message the person can act on. Forms, API
serializers and services all call these, so every way in accepts the same input.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.ua import rntrc

# РНОКПП digits 1–5 count days from this date (Tax Code of Ukraine, order of the DPS).
RNOKPP_EPOCH = dt.date(1899, 12, 31)
PHONE_REGION = "UA"

_SPACES_RE = re.compile(r"[\s\-]+")
_UNZR_RE = re.compile(r"^(\d{8})-(\d{5})$")
# An old-style booklet passport: two Cyrillic letters and six digits (МК 123456).
_BOOKLET_RE = re.compile(r"^[А-ЯІЇЄҐ]{2}\d{6}$")
# An ID-card passport: nine digits.
_ID_CARD_RE = re.compile(r"^\d{9}$")
# Latin letters typed in place of their Cyrillic twins in a passport series.
_SERIES_LOOKALIKES = str.maketrans(
    {
        "A": "А",
        "B": "В",
        "C": "С",
        "E": "Е",
        "H": "Н",
        "I": "І",
        "K": "К",
        "M": "М",
        "O": "О",
        "P": "Р",
        "T": "Т",
        "X": "Х",
    }
)


def clean_rnokpp(value: str) -> str:
    """Ten digits whose last is the check digit; spaces are dropped."""
    number = _SPACES_RE.sub("", value or "")
    if not number:
        return ""
    if not (number.isascii() and number.isdigit()) or len(number) != 10:
        raise ValidationError(
            _("A РНОКПП is exactly 10 digits; you entered %(value)s.") % {"value": value},
            code="rnokpp_format",
        )
    try:
        number = str(rntrc.validate(number))
    except InvalidChecksum:
        raise ValidationError(
            _(
                "The РНОКПП %(value)s has a wrong check digit: one of its digits is mistyped. "
                "Check it against the document."
            )
            % {"value": number},
            code="rnokpp_checksum",
        ) from None
    except StdnumError:  # pragma: no cover - the format checks above catch the rest
        raise ValidationError(_("This is not a valid РНОКПП."), code="rnokpp_format") from None
    check_rnokpp_plausible(number)
    return number


def check_rnokpp_plausible(number: str) -> None:
    """Refuse numbers no person can hold, though their check digit adds up.

    `0000000000` (and any number starting 00000) encodes no birth date: digits 1–5 count
    days from 31.12.1899, so day 0 is before every issued number. A number encoding a birth
    date in the future cannot have been issued yet.
    """
    encoded = rnokpp_birth_date(number)
    if encoded is None:
        raise ValidationError(
            _(
                "The РНОКПП %(value)s cannot be a real number: its first five digits encode "
                "no birth date. Check it against the document."
            )
            % {"value": number},
            code="rnokpp_implausible",
        )
    if encoded > dt.date.today():
        raise ValidationError(
            _(
                "The РНОКПП %(value)s encodes the birth date %(date)s, which is in the future: "
                "one of its digits is mistyped."
            )
            % {"value": number, "date": date_format(encoded, "SHORT_DATE_FORMAT")},
            code="rnokpp_future",
        )


def rnokpp_sex(rnokpp: str) -> str | None:
    """ "M" or "F" from digit 9 (odd for men), or None for a malformed number."""
    if len(rnokpp) != 10 or not rnokpp.isdigit():
        return None
    return "M" if int(rnokpp[8]) % 2 else "F"


@dataclass(frozen=True)
class IdentifierWarning:
    """A disagreement the user may confirm: `code` is stored on the person."""

    code: str
    message: str


def rnokpp_warnings(
    rnokpp: str, birth_date: dt.date | None, sex: str = ""
) -> list[IdentifierWarning]:
    """Where the РНОКПП disagrees with the recorded birth date or sex.

    Warnings, not refusals: the tax service acknowledges real numbers whose encoded date
    or sex does not match the person (corrected documents, numbers issued in error), so
    the front desk confirms after checking the document and the record keeps the fact.
    """
    if not rnokpp or len(rnokpp) != 10 or not rnokpp.isdigit():
        return []
    warnings: list[IdentifierWarning] = []
    encoded = rnokpp_birth_date(rnokpp)
    if birth_date is not None and encoded is not None and encoded != birth_date:
        warnings.append(
            IdentifierWarning(
                "birth_date",
                _(
                    "The РНОКПП encodes the birth date %(encoded)s, but the birth date entered "
                    "is %(entered)s."
                )
                % {
                    "encoded": date_format(encoded, "SHORT_DATE_FORMAT"),
                    "entered": date_format(birth_date, "SHORT_DATE_FORMAT"),
                },
            )
        )
    encoded_sex = rnokpp_sex(rnokpp)
    if sex in ("M", "F") and encoded_sex is not None and encoded_sex != sex:
        warnings.append(
            IdentifierWarning(
                "sex",
                _("The ninth digit of the РНОКПП is for a man, but the sex entered is female.")
                if encoded_sex == "M"
                else _(
                    "The ninth digit of the РНОКПП is for a woman, but the sex entered is male."
                ),
            )
        )
    return warnings


def confirm_message(warnings: list[IdentifierWarning]) -> list[str]:
    """The messages shown when a mismatch is not confirmed yet."""
    return [w.message for w in warnings] + [
        _(
            "Check the document. If the number is right, tick “The РНОКПП is checked "
            "against the document” and save again: the mismatch is recorded on the card."
        )
    ]


def rnokpp_birth_date(rnokpp: str) -> dt.date | None:
    """The birth date encoded by digits 1–5, or None for a number that encodes none."""
    days = int(rnokpp[:5]) if len(rnokpp) >= 5 and rnokpp[:5].isdigit() else 0
    if days <= 0:
        return None
    return RNOKPP_EPOCH + dt.timedelta(days=days)


def check_rnokpp_birth_date(rnokpp: str, birth_date: dt.date | None) -> None:
    """Raise if a РНОКПП's digits 1–5 disagree with the birth date.

    Used where no confirmation is possible; forms, the API and services treat the
    mismatch as a warning to confirm (`rnokpp_warnings`).
    """
    if not rnokpp or birth_date is None:
        return
    encoded = rnokpp_birth_date(rnokpp)
    if encoded is not None and encoded != birth_date:
        raise ValidationError(
            _(
                "The РНОКПП encodes the birth date %(encoded)s, but the birth date entered is "
                "%(entered)s. One of them is mistyped."
            )
            % {
                "encoded": date_format(encoded, "SHORT_DATE_FORMAT"),
                "entered": date_format(birth_date, "SHORT_DATE_FORMAT"),
            },
            code="rnokpp_birth_date",
        )


def clean_passport(value: str) -> str:
    """A booklet passport (two Cyrillic letters + 6 digits) or an ID card (9 digits)."""
    text = _SPACES_RE.sub("", value or "").upper().translate(_SERIES_LOOKALIKES)
    if not text:
        return ""
    if _BOOKLET_RE.match(text) or _ID_CARD_RE.match(text):
        return text
    raise ValidationError(
        _(
            "A passport is either a series of two Cyrillic letters and six digits "
            "(МК 123456) or an ID-card number of nine digits."
        ),
        code="passport_format",
    )


def clean_unzr(value: str) -> str:
    """`YYYYMMDD-NNNNC`: a real date, then five digits."""
    text = (value or "").strip()
    if not text:
        return ""
    if re.fullmatch(r"\d{13}", text):
        text = f"{text[:8]}-{text[8:]}"
    match = _UNZR_RE.match(text)
    if match is None:
        raise ValidationError(
            _("A УНЗР is written YYYYMMDD-NNNNN, e.g. 19850314-01234."), code="unzr_format"
        )
    try:
        digits = match.group(1)
        dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise ValidationError(
            _("The first eight digits of a УНЗР are a birth date; %(digits)s is not a date.")
            % {"digits": match.group(1)},
            code="unzr_date",
        ) from None
    return text


def clean_phone(value: str) -> str:
    """A phone number as E.164 (+380…); national numbers are read as Ukrainian."""
    text = (value or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _(
                "%(value)s is not a valid phone number. Enter it as 067 123 45 67 "
                "or with the country code, +380 67 123 45 67."
            )
            % {"value": text},
            code="phone_invalid",
        )
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def check_identity_document(*, rnokpp: str, rnokpp_refused: bool, passport: str) -> None:
    """A person who refused a tax number is identified by a passport instead."""
    if rnokpp_refused and rnokpp:
        raise ValidationError(
            {"rnokpp": _("Leave the РНОКПП empty for a person who refused a tax number.")}
        )
    if rnokpp_refused and not passport:
        raise ValidationError(
            {
                "passport": _(
                    "A person who refused a tax number must be identified by a passport: "
                    "enter its series and number."
                )
            }
        )


def clean_identifiers(data: dict[str, object]) -> dict[str, object]:
    """Clean every identifier present in `data` in place; errors are collected per field.

    Raises one `ValidationError` keyed by field, so the API and forms show each next to
    the field it concerns.
    """
    errors: dict[str, list[ValidationError]] = {}
    cleaners = {
        "rnokpp": clean_rnokpp,
        "passport": clean_passport,
        "unzr": clean_unzr,
        "phone": clean_phone,
    }
    for field, cleaner in cleaners.items():
        if field in data:
            try:
                data[field] = cleaner(str(data[field] or ""))
            except ValidationError as error:
                errors.setdefault(field, []).append(error)
    # A РНОКПП that disagrees with the birth date or sex is a warning the caller confirms
    # (`rnokpp_warnings`), not an error here.
    if not errors:
        try:
            check_identity_document(
                rnokpp=str(data.get("rnokpp") or ""),
                rnokpp_refused=bool(data.get("rnokpp_refused")),
                passport=str(data.get("passport") or ""),
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(ValidationError(m) for m in messages)
    if errors:
        raise ValidationError(errors)  # type: ignore[arg-type]
    return data
