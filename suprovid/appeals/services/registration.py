"""Registering an appeal with its issues (Law 393/96; Instruction 348/1997: the registration
index), the front desk's quick person, and what the registrar sets on the appeal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suprovid.accounts.models import User
from suprovid.core.audit import audit_record, changed, snapshot
from suprovid.network.models import Institution
from suprovid.people.health import is_health_topic, resolve_health_ground
from suprovid.people.models import (
    Consent,
    ConsentPurpose,
    Person,
)
from suprovid.people.reach import refresh_reach
from suprovid.topics.models import Topic

from .. import deadlines
from ..models import (
    CHANNEL_MEDIUM,
    ELECTRONIC_CHANNELS,
    Activity,
    ActivityKind,
    Appeal,
    AppealCounter,
    AppealForm,
    AppealSign,
    AppealType,
    Issue,
    IssueStatus,
    Medium,
)
from ..permissions import can_decide_as_head
from .common import (
    DECIDED_OUTCOMES,
    ApplicantProfile,
    IssueInput,
    _check_assignee,
    _today,
    active_status_codes,
    applicant_profile,
    case_involves,
)


def suggest_sign(
    *,
    applicant: Person | None,
    persons: Sequence[Person | None],
    topics: Sequence[Topic],
    institution: Institution | None = None,
) -> str:
    """ "repeated" when the same person already had a question on one of these topics decided
    on its merits by the same receiving body (Law 393/96 art. 8: "to the same body");
    "duplicate" (дублетне) when such a question of theirs is still under consideration there
    (Instruction 348/1997: the same question again before its term ran out)."""
    groups = {t.group for t in topics}
    people = {p.pk for p in (applicant, *persons) if p is not None}
    if not groups or not people:
        return AppealSign.FIRST
    decided = Issue.objects.filter(
        person_id__in=people,
        topic_group__in=groups,
        status=IssueStatus.CLOSED,
        outcome__in=DECIDED_OUTCOMES,
    )
    if institution is not None:
        decided = decided.filter(institution=institution)
    if decided.exists():
        return AppealSign.REPEATED
    pending = Issue.objects.filter(person_id__in=people, topic_group__in=groups).exclude(
        status=IssueStatus.CLOSED
    )
    if institution is not None:
        pending = pending.filter(institution=institution)
    return AppealSign.DUPLICATE if pending.exists() else AppealSign.FIRST


def registration_index(*, applicant: Person | None, form: str, sequence: int) -> str:
    """Instruction 348/1997: the first letter of the author's surname and the sequence number;
    «КО» for a collective appeal, «БП» for an unsigned (anonymous) one."""
    if form == AppealForm.COLLECTIVE:
        prefix = "КО"
    elif form == AppealForm.ANONYMOUS or applicant is None:
        prefix = "БП"
    else:
        prefix = (applicant.last_name.strip()[:1] or "?").upper()
    return f"{prefix}-{sequence}"


def _next_sequence(institution: Institution, year: int) -> tuple[int, str]:
    """Reserve the next number; the counter row lock serialises concurrent registrations."""

    def number(sequence: int) -> str:
        return f"{institution.code}/{year}/{sequence:05d}"

    with AppealCounter.locked(institution_id=institution.pk, year=year) as counter:
        sequence = counter.advance(lambda s: Appeal.objects.filter(number=number(s)).exists())
    return sequence, number(sequence)


@transaction.atomic
def appeal_register(
    *,
    registered_by: User | None,
    institution: Institution,
    applicant: Person | None,
    received_on: dt.date,
    channel: str,
    issues: Sequence[IssueInput],
    appeal_type: str = AppealType.REQUEST,
    form: str = AppealForm.INDIVIDUAL,
    sign: str | None = None,
    text: str = "",
    case: Any = None,
    medium: str = "",
    contact: str = "",
    social_status: str = "",
    signatories: int = 1,
    privileged: bool | None = None,
    privileged_reason: str = "",
) -> Appeal:
    """Register an appeal with its issues; numbers are sequential per institution and year.

    Preconditions: at least one issue; `sign=None` lets the service suggest one. The
    applicant may be missing only when `form` is anonymous (then the issues concern nobody
    known). `privileged` overrides the flag computed from statuses; it needs a reason.
    """
    errors: dict[str, str] = {}
    if not issues:
        errors["issues"] = _("An appeal raises at least one issue.")
    if received_on > _today():
        errors["received_on"] = _("The date of receipt cannot be in the future.")
    if applicant is None and form != AppealForm.ANONYMOUS:
        errors["applicant"] = _("Choose the applicant, or mark the appeal as anonymous.")
    if form == AppealForm.ANONYMOUS and applicant is not None:
        errors["applicant"] = _("An anonymous appeal has no applicant.")
    if (
        channel in ELECTRONIC_CHANNELS
        and form != AppealForm.ANONYMOUS
        and not contact.strip()
        and (applicant is None or not (applicant.email or applicant.phone))
    ):
        errors["contact"] = _(
            "An electronic appeal must give an e-mail or other contact for the reply "
            "(Law 393/96 art. 5)."
        )
    if privileged is not None and not privileged_reason.strip():
        errors["privileged_reason"] = _("Say why the privileged flag is set by hand.")
    if form == AppealForm.COLLECTIVE and signatories < 2:
        errors["signatories"] = _("A collective appeal has at least two signatories.")
    if errors:
        raise ValidationError(errors)
    for item in issues:
        _check_assignee(item.assignee)
    grounds = _health_grounds(issues, actor=registered_by, on=received_on)
    if case is not None and (applicant is None or not case_involves(case, applicant)):
        raise ValidationError(
            {"case": _("The applicant is not a member of the chosen support case.")}
        )
    if sign is None:
        sign = suggest_sign(
            applicant=applicant,
            persons=[i.person for i in issues],
            topics=[i.topic for i in issues],
            institution=institution,
        )
    profile = (
        applicant_profile(active_status_codes(applicant, received_on))
        if applicant is not None
        else ApplicantProfile(is_privileged=False, author_category="")
    )
    if not contact and applicant is not None and channel in ELECTRONIC_CHANNELS:
        contact = applicant.email or applicant.phone
    sequence, number = _next_sequence(institution, received_on.year)
    appeal = Appeal.objects.create(
        registration_index=registration_index(applicant=applicant, form=form, sequence=sequence),
        medium=medium or CHANNEL_MEDIUM.get(channel, Medium.LETTER),
        contact=contact,
        social_status=social_status,
        signatories=signatories if form == AppealForm.COLLECTIVE else 1,
        privileged_reason=privileged_reason if privileged is not None else "",
        head_personally=profile.war_disabled,
        number=number,
        institution=institution,
        territory_id=institution.territory_id,
        year=received_on.year,
        sequence=sequence,
        received_on=received_on,
        channel=channel,
        appeal_type=appeal_type,
        form=form,
        sign=sign,
        applicant=applicant,
        author_category=profile.author_category,
        is_privileged=profile.is_privileged if privileged is None else privileged,
        text=text,
        case=case,
        registered_by=registered_by,
    )
    audit_record(
        actor=registered_by, action="appeal.registered", obj=appeal, after=snapshot(appeal)
    )
    for item, (ground, health_consent) in zip(issues, grounds, strict=True):
        issue = Issue.objects.create(
            health_ground=ground,
            health_consent=health_consent,
            appeal=appeal,
            topic=item.topic,
            topic_group=item.topic.group,
            person=item.person,
            assignee=item.assignee,
            institution=institution,
            territory_id=institution.territory_id,
            received_on=received_on,
            text=item.text,
            deadline_rule=item.deadline_rule,
            due_on=deadlines.due_date(received_on, item.deadline_rule),
        )
        audit_record(
            actor=registered_by, action="issue.registered", obj=issue, after=snapshot(issue)
        )
    refresh_reach(item.person.pk for item in issues if item.person is not None)
    Activity.objects.create(
        appeal=appeal,
        kind=ActivityKind.STATUS_CHANGE,
        text=_("Appeal registered as %(number)s") % {"number": number},
        author=registered_by,
    )
    return appeal


def _health_grounds(
    issues: Sequence[IssueInput], *, actor: Any, on: dt.date
) -> list[tuple[str, Consent | None]]:
    """The legal ground of each issue on a health topic about a known person (Law 2297-VI
    art. 7), or a ValidationError naming the issue. Other issues carry none."""
    grounds: list[tuple[str, Consent | None]] = []
    for number, item in enumerate(issues, start=1):
        if item.person is None or not is_health_topic(item.topic.code):
            grounds.append(("", None))
            continue
        try:
            grounds.append(
                resolve_health_ground(
                    person=item.person, ground=item.health_ground, actor=actor, field="issues"
                )
            )
        except ValidationError as error:
            raise ValidationError(
                {
                    "issues": _("Issue %(number)s (%(topic)s): %(message)s")
                    % {
                        "number": number,
                        "topic": item.topic,
                        "message": " ".join(error.messages),
                    }
                }
            ) from None
    return grounds


@transaction.atomic
def person_quick_create(
    *,
    created_by: User,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    birth_date: dt.date | None = None,
    phone: str = "",
    rnokpp: str = "",
    consent_sharing: bool = False,
    consent_health: bool = False,
    confirm_identifiers: bool = False,
) -> Person:
    """Minimal registration of a person met at intake, through the people app's service.

    `consent_sharing`: the person signed consent to sharing with partner institutions at
    the desk (Law 2297-VI art. 11); `consent_health`: to processing of health data (art. 7);
    each is recorded with today's date.
    Preconditions: the caller showed the likely duplicates (`people.duplicates`) and the
    user confirmed; a РНОКПП disagreeing with the birth date needs `confirm_identifiers`.
    """
    from suprovid.people.services import consent_record, person_create

    fields = {
        "last_name": last_name,
        "first_name": first_name,
        "patronymic": patronymic,
        "birth_date": birth_date,
        "phone": phone,
        "rnokpp": rnokpp,
    }
    person = person_create(
        actor=created_by,
        fields={k: v for k, v in fields.items() if v},
        confirm_identifiers=confirm_identifiers,
    )
    for given, purpose in (
        (consent_sharing, ConsentPurpose.SHARING),
        (consent_health, ConsentPurpose.HEALTH),
    ):
        if given:
            consent_record(
                actor=created_by,
                person=person,
                purpose=purpose,
                given_on=timezone.localdate(),
                document=str(_("signed at the front desk")),
            )
    return person


@transaction.atomic
def appeal_set_privileged(*, actor: User, appeal: Appeal, privileged: bool, reason: str) -> Appeal:
    """Set or clear the privileged flag by hand (a benefit holder the statuses do not show)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the privileged flag is set by hand.")})
    before = snapshot(appeal)
    appeal.is_privileged = privileged
    appeal.privileged_reason = reason
    appeal.save(update_fields=["is_privileged", "privileged_reason", "updated_at"])
    b, a = changed(before, snapshot(appeal))
    audit_record(actor=actor, action="appeal.privileged_set", obj=appeal, before=b, after=a)
    return appeal


@transaction.atomic
def appeal_set_resolution(*, actor: User, appeal: Appeal, text: str) -> Appeal:
    """The head's resolution on the appeal: who is to act and by when (Instruction 348/1997)."""
    if not can_decide_as_head(actor):
        raise ValidationError(_("Only the head or a deputy writes the resolution."))
    if not text.strip():
        raise ValidationError({"text": _("Write the resolution.")})
    before = snapshot(appeal)
    appeal.resolution_text = text
    appeal.resolution_by = actor
    appeal.save(update_fields=["resolution_text", "resolution_by", "updated_at"])
    b, a = changed(before, snapshot(appeal))
    audit_record(actor=actor, action="appeal.resolution_set", obj=appeal, before=b, after=a)
    return appeal
