"""The subject-access report: everything held on one person (Law 2297-VI art. 8).

Art. 8 part 2 gives a person the right to know what data on them is held, where, for what
purpose, who it is passed to and who had access to it; the controller answers within 30
days. `subject_access_report(actor=…, person=…)` collects, in a fixed number of queries
whatever the record's size, the person's details, statuses (with the legal ground of health
data), family links, consents, appeals and the issues concerning them with the answers,
letters, referrals, timeline notes and attachment names, personal-reception cards, support
cases with their plans, deliveries, event registrations, course enrolments, distribution
lists, and the audit trail: who read or changed each of those records, and when.

Everything goes through the actor's scope (`visible_to`): a coordinator's report covers the
records of their area and counts, without showing them, the records kept elsewhere; an
administrator's report covers the whole system. The same data renders as JSON and as a
PDF in Ukrainian (WeasyPrint, DejaVu, like the summary PDF). `subject_access_produce`
builds it and writes its audit entry (`subject_access.reported`): the web view (PDF, JSON)
and the API (`GET /api/v1/persons/<id>/subject-access/`, JSON) both go through it.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suprovid.core.audit_actions import ACTIONS
from suprovid.core.models import AuditEntry
from suprovid.people.models import Consent, FamilyLink, Person, PersonStatus

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
# Audit entries listed at most (newest first); the count says how many there are in all.
AUDIT_LIMIT = 2000


@dataclass
class Section:
    """One kind of record: its JSON key, its title and its records."""

    key: str
    title: str
    records: list[dict[str, Any]] = field(default_factory=list)
    # For the PDF: each record as (label, shown value) pairs.
    display: list[list[tuple[str, str]]] = field(default_factory=list)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def _shown(value: Any) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _add(
    section: Section,
    obj: models.Model | None,
    items: Sequence[tuple[str, Any]],
    shown: dict[str, str] | None = None,
) -> None:
    """One record from (field name, value) pairs. Model fields are labelled with their
    verbose name and choice fields also carry their label; `shown` overrides what the PDF
    shows for a value."""
    record: dict[str, Any] = {}
    display: list[tuple[str, str]] = []
    for name, value in items:
        label = str(_LABELS.get(name, name))
        text = _shown(value)
        model_field = _model_field(obj, name)
        if model_field is not None:
            label = str(getattr(model_field, "verbose_name", name))
            choices = getattr(model_field, "choices", None)
            if choices and value not in (None, ""):
                text = str(dict(choices).get(value, value))
                record[f"{name}_label"] = text
        record[name] = _plain(value)
        display.append((label, (shown or {}).get(name, text)))
    section.records.append(record)
    section.display.append(display)


def _model_field(obj: models.Model | None, name: str) -> Any:
    if obj is None:
        return None
    try:
        return obj._meta.get_field(name)
    except Exception:
        return None


# Labels of values that are not model fields.
_LABELS: dict[str, Any] = {
    "relative": gettext_lazy("relative"),
    "relative_id": gettext_lazy("relative's record"),
    "direction": gettext_lazy("link"),
    "appeal_number": gettext_lazy("appeal"),
    "role": gettext_lazy("role in the case"),
    "who": gettext_lazy("who"),
    "when": gettext_lazy("when"),
    "action": gettext_lazy("what"),
    "record": gettext_lazy("record"),
    "needs": gettext_lazy("needs"),
    "steps": gettext_lazy("plan steps"),
    "reviews": gettext_lazy("reviews"),
}


def _pk_list(objs: Iterable[models.Model]) -> list[str]:
    return [str(o.pk) for o in objs]


def subject_access_report(*, actor: Any, person: Person) -> dict[str, Any]:
    """Everything held on `person` that `actor` may see, as JSON-ready data.

    Preconditions: the caller fetched `person` through `Person.objects.visible_to(actor)`
    and checked the `people.subject_access` capability. Queries: a fixed number (about 30),
    however many appeals, issues or deliveries the person has.
    """
    from suprovid.appeals.models import (
        Activity,
        Appeal,
        Attachment,
        Issue,
        Letter,
        ReceptionVisit,
        Referral,
    )
    from suprovid.cases.models import CaseMember, CaseNeed, CaseReview, CaseStep, SupportCase
    from suprovid.programmes.models import Delivery, Enrolment, Recipient, Registration

    pid = person.pk
    sections: list[Section] = []

    # --- the record itself ---------------------------------------------------------------
    details = Section("person", _("Personal details"))
    _add(
        details,
        person,
        [
            ("last_name", person.last_name),
            ("first_name", person.first_name),
            ("patronymic", person.patronymic),
            ("birth_date", person.birth_date),
            ("sex", person.sex),
            ("rnokpp", person.rnokpp),
            ("rnokpp_refused", person.rnokpp_refused),
            ("passport", person.passport),
            ("unzr", person.unzr),
            ("phone", person.phone),
            ("email", person.email),
            ("territory", person.territory.full_label if person.territory else ""),
            ("address", person.address),
            ("actual_address", person.actual_address),
            ("fate", person.fate),
            ("notes", person.notes),
            ("institution", str(person.institution or "")),
            ("created_at", person.created_at),
            ("updated_at", person.updated_at),
            ("anonymised_on", person.anonymised_on),
        ],
    )
    sections.append(details)

    statuses = Section("statuses", _("Statuses"))
    for s in PersonStatus.objects.filter(person_id=pid).select_related(
        "related_person", "health_consent"
    ):
        _add(
            statuses,
            s,
            [
                ("code", s.code),
                ("disability_group", s.disability_group),
                ("certificate", s.certificate),
                ("certificate_issuer", s.certificate_issuer),
                ("certificate_date", s.certificate_date),
                ("valid_from", s.valid_from),
                ("valid_to", s.valid_to),
                ("source", s.source),
                ("related_person", s.related_person.full_name if s.related_person else ""),
                ("health_ground", s.health_ground),
                (
                    "health_consent",
                    s.health_consent.given_on if s.health_consent is not None else None,
                ),
            ],
        )
    sections.append(statuses)

    family = Section("family", _("Family links"))
    links = FamilyLink.objects.filter(Q(person_id=pid) | Q(relative_id=pid)).select_related(
        "person", "relative"
    )
    for link in links:
        outgoing = link.person_id == pid
        other = link.relative if outgoing else link.person
        names = {"other": other.full_name, "relation": link.get_relation_display()}
        sentence = (
            _("%(other)s is the %(relation)s of this person") % names
            if outgoing
            else _("this person is the %(relation)s of %(other)s") % names
        )
        _add(
            family,
            link,
            [
                ("relation", link.relation),
                ("direction", sentence),
                ("relative", other.full_name),
                ("relative_id", other.pk),
            ],
        )
    sections.append(family)

    consents = Section("consents", _("Consents"))
    for c in Consent.objects.filter(person_id=pid).order_by("given_on", "id"):
        _add(
            consents,
            c,
            [
                ("purpose", c.purpose),
                ("given_on", c.given_on),
                ("withdrawn_on", c.withdrawn_on),
                ("document", c.document),
            ],
        )
    sections.append(consents)

    # --- appeals and issues ----------------------------------------------------------------
    issues_all = Issue.objects.filter(Q(person_id=pid) | Q(appeal__applicant_id=pid))
    issues_seen = list(
        issues_all.filter(pk__in=Issue.objects.visible_to(actor).values("pk"))
        .select_related("appeal__institution", "topic", "assignee")
        .order_by("received_on", "id")
    )
    appeal_ids = {i.appeal_id for i in issues_seen}
    appeals_seen = list(
        Appeal.objects.visible_to(actor)
        .filter(Q(applicant_id=pid) | Q(pk__in=appeal_ids))
        .select_related("institution")
        .order_by("received_on", "id")
    )
    appeal_ids |= {a.pk for a in appeals_seen}
    appeals = Section("appeals", _("Appeals"))
    for a in appeals_seen:
        _add(
            appeals,
            a,
            [
                ("number", a.number),
                ("received_on", a.received_on),
                ("institution", str(a.institution)),
                ("channel", a.channel),
                ("appeal_type", a.appeal_type),
                ("form", a.form),
                ("sign", a.sign),
                ("applicant", _("this person") if a.applicant_id == pid else _("another person")),
                ("contact", a.contact),
                ("text", a.text),
                ("resolution_text", a.resolution_text),
            ],
        )
    sections.append(appeals)

    issues = Section("issues", _("Issues and their answers"))
    for i in issues_seen:
        _add(
            issues,
            i,
            [
                ("appeal_number", i.appeal.number),
                ("topic", str(i.topic)),
                ("person", _("this person") if i.person_id == pid else _("another person")),
                ("text", i.text),
                ("status", i.status),
                ("due_on", i.due_on),
                ("extended_until", i.extended_until),
                ("extension_reason", i.extension_reason),
                ("outcome", i.outcome),
                ("support_kind", i.support_kind),
                ("resolution", i.resolution),
                ("closed_on", i.closed_on),
                ("assignee", i.assignee.full_name if i.assignee else ""),
                ("health_ground", i.health_ground),
            ],
        )
    sections.append(issues)

    letters = Section("letters", _("Letters sent"))
    for letter in (
        Letter.objects.filter(appeal_id__in=appeal_ids)
        .select_related("appeal", "to_institution")
        .order_by("sent_on", "id")
    ):
        _add(
            letters,
            letter,
            [
                ("appeal_number", letter.appeal.number),
                ("number", letter.number),
                ("kind", letter.kind),
                ("sent_on", letter.sent_on),
                ("channel", letter.channel),
                ("signatory", letter.signatory),
                ("body", letter.body),
                ("to_institution", str(letter.to_institution or "")),
                ("to_body", letter.to_body),
            ],
        )
    sections.append(letters)

    issue_ids = [i.pk for i in issues_seen]
    referrals = Section("referrals", _("Referrals to other institutions"))
    referral_rows = list(
        Referral.objects.filter(issue_id__in=issue_ids)
        .select_related("institution", "issue__appeal", "consent")
        .order_by("created_at", "id")
    )
    for r in referral_rows:
        _add(
            referrals,
            r,
            [
                ("appeal_number", r.issue.appeal.number),
                ("institution", str(r.institution)),
                ("status", r.status),
                ("due_on", r.due_on),
                ("consent", r.consent.given_on if r.consent else None),
                ("shared_note", r.shared_note),
                ("decline_reason", r.decline_reason),
                ("outcome_text", r.outcome_text),
                ("completed_on", r.completed_on),
            ],
        )
    sections.append(referrals)

    timeline = Section("activities", _("Notes on the appeals' timelines"))
    for act in (
        Activity.objects.filter(appeal_id__in=appeal_ids)
        .select_related("appeal", "author")
        .order_by("occurred_at", "id")
    ):
        _add(
            timeline,
            act,
            [
                ("appeal_number", act.appeal.number),
                ("kind", act.kind),
                ("occurred_at", act.occurred_at),
                ("text", act.text),
                ("author", act.author.full_name if act.author else ""),
            ],
        )
    sections.append(timeline)

    files = Section("attachments", _("Attached documents"))
    for att in (
        Attachment.objects.filter(appeal_id__in=appeal_ids)
        .select_related("appeal")
        .order_by("created_at", "id")
    ):
        _add(
            files,
            att,
            [
                ("appeal_number", att.appeal.number),
                ("original_name", att.original_name),
                ("size", att.size),
                ("created_at", att.created_at),
            ],
        )
    sections.append(files)

    visits = Section("reception", _("Personal reception"))
    for v in (
        ReceptionVisit.objects.visible_to(actor)
        .filter(person_id=pid)
        .select_related("schedule__official", "schedule__institution")
        .order_by("schedule__date", "id")
    ):
        _add(
            visits,
            v,
            [
                ("schedule", f"{v.schedule.date:%d.%m.%Y}, {v.schedule.institution}"),
                ("status", v.status),
                ("substance", v.substance),
                ("result", v.result),
            ],
        )
    sections.append(visits)

    # --- support cases -----------------------------------------------------------------
    member_of = CaseMember.objects.filter(person_id=pid).values("case_id")
    cases_seen = list(
        SupportCase.objects.visible_to(actor)
        .filter(Q(primary_person_id=pid) | Q(pk__in=member_of))
        .select_related("institution", "specialist")
        .prefetch_related(
            models.Prefetch("needs", queryset=CaseNeed.objects.select_related("topic")),
            models.Prefetch("steps", queryset=CaseStep.objects.order_by("id")),
            models.Prefetch("reviews", queryset=CaseReview.objects.order_by("reviewed_on")),
        )
        .order_by("opened_on", "id")
    )
    cases = Section("cases", _("Support cases"))
    for case in cases_seen:
        _add(
            cases,
            case,
            [
                (
                    "role",
                    _("the veteran or defender of the household")
                    if case.primary_person_id == pid
                    else _("a family member"),
                ),
                ("institution", str(case.institution)),
                ("specialist", case.specialist.full_name if case.specialist else ""),
                ("status", case.status),
                ("opened_on", case.opened_on),
                ("closed_on", case.closed_on),
                ("close_reason", case.close_reason),
                (
                    "needs",
                    "; ".join(
                        f"{n.topic}: {n.description} ({n.get_status_display()})"
                        for n in case.needs.all()
                    ),
                ),
                (
                    "steps",
                    "; ".join(
                        f"{st.description}" + (f" ✓ {st.done_on:%d.%m.%Y}" if st.done_on else "")
                        for st in case.steps.all()
                    ),
                ),
                (
                    "reviews",
                    "; ".join(f"{r.reviewed_on:%d.%m.%Y}: {r.summary}" for r in case.reviews.all()),
                ),
            ],
        )
    sections.append(cases)

    # --- programmes --------------------------------------------------------------------
    deliveries = Section("deliveries", _("Help received"))
    for d in (
        Delivery.objects.visible_to(actor)
        .filter(person_id=pid)
        .select_related("service", "distribution")
        .order_by("delivered_on", "id")
    ):
        _add(
            deliveries,
            d,
            [
                ("service", str(d.service)),
                ("distribution", str(d.distribution or "")),
                ("delivered_on", d.delivered_on),
                ("quantity", d.quantity),
                ("amount", d.amount),
                ("place", d.place),
            ],
        )
    sections.append(deliveries)

    events = Section("events", _("Events"))
    for reg in (
        Registration.objects.visible_to(actor)
        .filter(Q(person_id=pid) | Q(with_person_id=pid))
        .select_related("event")
        .order_by("registered_at", "id")
    ):
        _add(
            events,
            reg,
            [
                ("event", f"{reg.event} ({reg.event.starts_on:%d.%m.%Y})"),
                ("registered_at", reg.registered_at),
                ("attended", reg.attended),
                ("result", reg.result),
            ],
        )
    sections.append(events)

    courses = Section("courses", _("Courses"))
    for e in (
        Enrolment.objects.visible_to(actor)
        .filter(person_id=pid)
        .select_related("course")
        .order_by("enrolled_on", "id")
    ):
        _add(
            courses,
            e,
            [
                ("course", str(e.course)),
                ("enrolled_on", e.enrolled_on),
                ("status", e.status),
                ("sessions_attended", e.sessions_attended),
                ("completed_on", e.completed_on),
                ("employed_on", e.employed_on),
                ("employer", e.employer),
            ],
        )
    sections.append(courses)

    lists = Section("distributions", _("Distribution lists"))
    for rec in (
        Recipient.objects.visible_to(actor)
        .filter(person_id=pid)
        .select_related("distribution")
        .order_by("added_at", "id")
    ):
        _add(lists, rec, [("distribution", str(rec.distribution)), ("added_at", rec.added_at)])
    sections.append(lists)

    # --- who read or changed these records ------------------------------------------------
    audit_q = Q(object_type="people.person", object_id=str(pid))
    audit_q |= Q(object_type="appeals.appeal", object_id__in=_pk_list(appeals_seen))
    audit_q |= Q(object_type="appeals.issue", object_id__in=[str(i) for i in issue_ids])
    audit_q |= Q(object_type="appeals.referral", object_id__in=_pk_list(referral_rows))
    audit_q |= Q(object_type="cases.supportcase", object_id__in=_pk_list(cases_seen))
    # A list or search names the persons it returned in `after.ids` (core.audit.audit_read).
    listed = AuditEntry.objects.filter(action="person.listed", at__gte=person.created_at)
    listed = listed.annotate(after_text=Cast("after", models.TextField())).filter(
        after_text__regex=rf"(\[|, ){pid}(,|\])"
    )
    entries = AuditEntry.objects.filter(audit_q | Q(pk__in=listed.values("pk"))).order_by(
        "-at", "-id"
    )
    audit_total = entries.count()
    trail = Section("audit", _("Who read or changed these records, and when"))
    for entry in entries[:AUDIT_LIMIT]:
        _add(
            trail,
            None,
            [
                ("when", entry.at),
                ("who", entry.actor_repr),
                ("action", entry.action),
                ("record", f"{entry.object_type} {entry.object_id}"[:80]),
            ],
            shown={"action": ACTIONS.get(entry.action, entry.action)},
        )
    sections.append(trail)

    # --- what is kept elsewhere -----------------------------------------------------------
    elsewhere = {
        "appeals": Appeal.objects.filter(applicant_id=pid).count()
        - len([a for a in appeals_seen if a.applicant_id == pid]),
        "issues": issues_all.count() - len(issues_seen),
    }
    return {
        "produced_at": _plain(timezone.now()),
        "produced_by": getattr(actor, "email", ""),
        "person_id": pid,
        "full_name": person.full_name,
        "law": "Law of Ukraine 2297-VI, art. 8",
        "sections": {s.key: s.records for s in sections},
        "audit_total": audit_total,
        "audit_listed": min(audit_total, AUDIT_LIMIT),
        "outside_scope": elsewhere,
        "_display": [(s.title, s.display) for s in sections],
    }


def subject_access_produce(*, actor: Any, person: Person, fmt: str) -> dict[str, Any]:
    """The report on `person` as `actor` may see it, audited with the format it leaves in
    (`pdf` or `json`) and the number of records of each section.

    Preconditions: the caller fetched `person` through `visible_to(actor)` and checked the
    `people.subject_access` capability. Labels are Ukrainian whatever the interface
    language: the report is handed to the person.
    """
    from suprovid.core.audit import audit_record

    with translation.override("uk"):
        report = subject_access_report(actor=actor, person=person)
    audit_record(
        actor=actor,
        action="subject_access.reported",
        obj=person,
        after={
            "format": fmt,
            "records": {key: len(rows) for key, rows in report["sections"].items()},
        },
    )
    return report


def report_json(report: dict[str, Any]) -> dict[str, Any]:
    """The report without the PDF's display copy."""
    return {k: v for k, v in report.items() if not k.startswith("_")}


def report_html(report: dict[str, Any]) -> str:
    """The PDF's HTML, in Ukrainian whatever the user's interface language."""
    with translation.override("uk"):
        return render_to_string(
            "privacy/subject_access_pdf.html",
            {"report": report, "sections": report["_display"], "font_dir": FONT_DIR},
        )


def report_pdf(report: dict[str, Any]) -> bytes:
    """The report as an A4 PDF (WeasyPrint, DejaVu fonts)."""
    from weasyprint import HTML

    return HTML(string=report_html(report), base_url=FONT_DIR).write_pdf()  # type: ignore[no-any-return]
