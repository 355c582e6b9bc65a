"""Health data: what counts as it, and the legal ground it is recorded on.

Law 2297-VI "Про захист персональних даних" art. 7 part 1 forbids processing data on
health; part 2 lifts the ban only on the grounds it lists. Suprovid records health data in
two places, and each such row carries its ground (`health_ground`, and the consent record
when the ground is consent):

- a status of a person with disability due to war (`war_disabled`), or any status with a
  disability group;
- an issue of an appeal on a medical, rehabilitation or psychological topic that concerns a
  known person (an anonymous appeal concerns nobody identifiable).

The grounds offered are those of art. 7 part 2 that a veteran-support service can rely on:
p. 1 the person's unambiguous consent (a `Consent` with purpose "health", in force on the
day), p. 3 vital interests of a person who cannot consent, p. 5 a legal claim, p. 6 health
care by staff bound by medical secrecy (only staff of a healthcare institution may choose
it). Not offered: p. 2 (the controller's own employment relations), p. 4 (members of
religious, political or trade-union organisations), p. 7 (court sentences, operational and
counter-intelligence work), p. 8 (data the person made public) — none fits a case record.

Rows recorded before the rule existed keep an empty ground (migrations `people` 0006 and
`appeals` 0009 filled it from a health consent in force where there was one); the card marks
them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from .models import Consent, Person


class HealthGround(models.TextChoices):
    """Law 2297-VI art. 7 part 2: the grounds on which health data may be processed."""

    CONSENT = "consent", gettext_lazy("the person's consent (art. 7 part 2 p. 1)")
    VITAL_INTERESTS = (
        "vital_interests",
        gettext_lazy(
            "vital interests of a person who cannot consent: incapacity or limited legal "
            "capacity (art. 7 part 2 p. 3)"
        ),
    )
    LEGAL_CLAIM = (
        "legal_claim",
        gettext_lazy("substantiating, satisfying or defending a legal claim (art. 7 part 2 p. 5)"),
    )
    HEALTH_CARE = (
        "health_care",
        gettext_lazy(
            "health care by staff of a healthcare institution bound by medical secrecy "
            "(art. 7 part 2 p. 6)"
        ),
    )


# First-level topics whose issues are about a person's health (contract.md topic codes).
HEALTH_TOPIC_GROUPS = frozenset({"medical", "rehabilitation", "psychological"})
WAR_DISABLED = "war_disabled"


def is_health_status(code: str, disability_group: str = "") -> bool:
    """Whether a status with this code and group reveals a disability (health data)."""
    return code == WAR_DISABLED or bool(disability_group)


def is_health_topic(topic_code: str) -> bool:
    """Whether an issue on this topic (first or second level) is about health."""
    return topic_code.split(".", 1)[0] in HEALTH_TOPIC_GROUPS


def active_health_consent(person: Person, on: dt.date | None = None) -> Consent | None:
    """The person's health consent in force on `on` (today), the most recent one first."""
    from .models import Consent, ConsentPurpose

    if person.pk is None:
        return None
    on = on or timezone.localdate()
    return (
        Consent.objects.filter(person=person, purpose=ConsentPurpose.HEALTH, given_on__lte=on)
        .filter(models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=on))
        .order_by("-given_on", "-id")
        .first()
    )


def _missing_message() -> str:
    return _(
        "Data on health and disability are a special category (Law 2297-VI art. 7): record "
        "the person's consent to processing of health data first (Consents on the card), or "
        "choose another legal ground from the list."
    )


def resolve_health_ground(
    *,
    person: Person,
    ground: str,
    actor: Any,
    field: str = "health_ground",
    on: dt.date | None = None,
) -> tuple[str, Consent | None]:
    """The (ground, consent) to store with one row of health data, or a ValidationError.

    An empty `ground` means "the person's consent" when one is in force, else it is refused.
    `ground="consent"` needs that consent; `health_care` needs an actor working in a
    healthcare institution (p. 6: staff bound by medical secrecy). Trusted callers without
    an authenticated actor (imports) may give any ground from the list.
    """
    from suprovid.network.models import InstitutionKind

    if ground and ground not in HealthGround.values:
        raise ValidationError({field: _("Choose a legal ground from the list.")})
    if not ground or ground == HealthGround.CONSENT:
        consent = active_health_consent(person, on)
        if consent is None:
            if ground == HealthGround.CONSENT:
                raise ValidationError(
                    {
                        field: _(
                            "%(name)s has no consent to processing of health data in force: "
                            "record it on the card (Consents) first, or choose another "
                            "legal ground."
                        )
                        % {"name": person.full_name}
                    }
                )
            raise ValidationError({field: _missing_message()})
        return HealthGround.CONSENT, consent
    if ground == HealthGround.HEALTH_CARE and getattr(actor, "is_authenticated", False):
        institution = getattr(actor, "institution", None)
        if institution is None or institution.kind != InstitutionKind.HEALTHCARE:
            raise ValidationError(
                {
                    field: _(
                        "Only staff of a healthcare institution, bound by medical secrecy, may "
                        "record health data on this ground (art. 7 part 2 p. 6)."
                    )
                }
            )
    return ground, None


def ground_label(ground: str) -> str:
    """The Ukrainian (current language) label of a stored ground, or "" for none."""
    return str(HealthGround(ground).label) if ground in HealthGround.values else ""


def backfill_grounds(*, consent: Any, person_status: Any = None, issue: Any = None) -> int:
    """Migration helper: give existing health rows the health consent in force today, where
    the person has one. Rows without stay unmarked (recorded before the rule). Takes the
    historical models (statuses or issues); returns how many rows were updated."""
    today = timezone.localdate()
    in_force = consent.objects.filter(purpose="health", given_on__lte=today).filter(
        models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=today)
    )
    latest: dict[int, int] = {}
    for pk, person_id in in_force.order_by("given_on", "id").values_list("pk", "person_id"):
        latest[person_id] = pk
    if not latest:
        return 0
    if person_status is not None:
        rows = person_status.objects.filter(health_ground="").filter(
            models.Q(code=WAR_DISABLED) | ~models.Q(disability_group="")
        )
    else:
        rows = issue.objects.filter(
            health_ground="", topic_group__in=sorted(HEALTH_TOPIC_GROUPS), person__isnull=False
        )
    count = 0
    for row in rows.only("pk", "person_id").iterator():
        if row.person_id not in latest:
            continue
        row.health_ground, row.health_consent_id = "consent", latest[row.person_id]
        row.save(update_fields=["health_ground", "health_consent"])
        count += 1
    return count
