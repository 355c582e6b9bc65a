"""Outgoing letters, the registration-control card and the applicant's receipt as documents.

Texts of letters come from `LetterTemplate` rows (editable in the admin) or, when an office
has not written its own, from `DEFAULT_TEMPLATES`. DOCX is built with python-docx, PDF with
WeasyPrint and the DejaVu fonts (as the summary PDF in `suprovid.reports.pdf`). Documents are
always in Ukrainian, whatever the user's interface language.
"""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Appeal, Letter, LetterKind, LetterTemplate

FONT_DIR = "/usr/share/fonts/truetype/dejavu"

# Ukrainian defaults; `{{ body }}` is what the specialist writes for this letter.
DEFAULT_TEMPLATES: dict[str, tuple[str, str]] = {
    LetterKind.ANSWER: (
        "Відповідь на звернення № {{ appeal.number }}",
        "Шановний(а) {{ author }}!\n\n"
        "Ваше звернення від {{ appeal.received_on|date:'d.m.Y' }} "
        "(реєстраційний індекс {{ appeal.registration_index }}) з питання "
        "«{{ issue.topic }}» розглянуто.\n\n"
        "Результат розгляду: {{ outcome }}.\n\n{{ body }}\n\n"
        "Відповідно до статті 16 Закону України «Про звернення громадян» Ви можете оскаржити "
        "рішення до органу вищого рівня або до суду.",
    ),
    LetterKind.EXTENSION: (
        "Про продовження строку розгляду звернення № {{ appeal.number }}",
        "Шановний(а) {{ author }}!\n\n"
        "Повідомляємо, що строк розгляду Вашого звернення від "
        "{{ appeal.received_on|date:'d.m.Y' }} з питання «{{ issue.topic }}» продовжено до "
        "{{ until|date:'d.m.Y' }} (стаття 20 Закону України «Про звернення громадян»).\n\n"
        "Причина: {{ issue.extension_reason }}\n\n{{ body }}",
    ),
    LetterKind.FORWARDING: (
        "Про пересилання звернення № {{ appeal.number }} за належністю",
        "Шановний(а) {{ author }}!\n\n"
        "Ваше звернення від {{ appeal.received_on|date:'d.m.Y' }} не належить до "
        "повноважень {{ institution }} і {{ letter.sent_on|date:'d.m.Y' }} надіслано за "
        "належністю до: {{ to_body }} (стаття 7 Закону України «Про звернення громадян»).\n\n"
        "{{ body }}",
    ),
    LetterKind.RETURN_MISSING: (
        "Про повернення звернення № {{ appeal.number }}",
        "Шановний(а) {{ author }}!\n\n"
        "Ваше звернення від {{ appeal.received_on|date:'d.m.Y' }} повертається, оскільки в "
        "ньому немає даних, необхідних для прийняття обґрунтованого рішення (стаття 7 Закону "
        "України «Про звернення громадян»).\n\n{{ body }}",
    ),
    LetterKind.RETURN_ART5: (
        "Про повернення звернення № {{ appeal.number }}",
        "Шановний(а) {{ author }}!\n\n"
        "Ваше звернення від {{ appeal.received_on|date:'d.m.Y' }} оформлено без додержання "
        "вимог статті 5 Закону України «Про звернення громадян» і повертається Вам з "
        "відповідними роз'ясненнями.\n\n{{ body }}",
    ),
    LetterKind.NOT_CONSIDERED: (
        "Про залишення без розгляду звернення № {{ appeal.number }}",
        "Шановний(а) {{ author }}!\n\n"
        "Ваше звернення від {{ appeal.received_on|date:'d.m.Y' }} з питання "
        "«{{ issue.topic }}» не підлягає розгляду: {{ ground }} (стаття 8 Закону України "
        "«Про звернення громадян»).\n\n{{ body }}",
    ),
}


def template_for(kind: str) -> tuple[str, str]:
    """(subject, text) of the office's template for `kind`, or the default."""
    row = LetterTemplate.objects.filter(kind=kind).first()
    if row is not None:
        return row.subject, row.text
    return DEFAULT_TEMPLATES[kind]


def _context(letter: Letter, extra: str = "") -> dict[str, Any]:
    appeal = letter.appeal
    issue = letter.issue
    return {
        "letter": letter,
        "appeal": appeal,
        "issue": issue,
        "author": appeal.author_name,
        "institution": appeal.institution,
        "until": letter.until,
        "to_body": letter.to_body,
        "outcome": issue.get_outcome_display() if issue is not None and issue.outcome else "",
        "ground": (
            issue.get_not_considered_ground_display()
            if issue is not None and issue.not_considered_ground
            else ""
        ),
        "body": extra or (issue.resolution if issue is not None else ""),
    }


def render_text(letter: Letter, *, extra: str = "") -> str:
    """The letter's text from its template; plain text (no HTML escaping: it goes into DOCX)."""
    _subject, text = template_for(letter.kind)
    with translation.override("uk"):
        rendered = Template("{% autoescape off %}" + text + "{% endautoescape %}").render(
            Context(_context(letter, extra))
        )
    return rendered.strip()


def subject(letter: Letter) -> str:
    subj, _text = template_for(letter.kind)
    with translation.override("uk"):
        return Template("{% autoescape off %}" + subj + "{% endautoescape %}").render(
            Context(_context(letter))
        )


def _address_lines(appeal: Appeal) -> list[str]:
    if appeal.applicant is None:
        return []
    person = appeal.applicant
    lines = [person.full_name]
    for value in (person.actual_address or person.address, appeal.contact or person.email):
        if value:
            lines.append(value)
    return lines


def letter_docx(letter: Letter) -> bytes:
    """The letter as DOCX: letterhead, number and date, addressee, subject, text, signatory."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"  # type: ignore[attr-defined]
    style.font.size = Pt(13)  # type: ignore[attr-defined]
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head.add_run(str(letter.appeal.institution.name)).bold = True
    doc.add_paragraph(f"№ {letter.number} від {letter.sent_on:%d.%m.%Y}")
    doc.add_paragraph(f"На № {letter.appeal.number} від {letter.appeal.received_on:%d.%m.%Y}")
    to = doc.add_paragraph("\n".join(_address_lines(letter.appeal)))
    to.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    title = doc.add_paragraph()
    title.add_run(subject(letter)).bold = True
    for para in letter.body.split("\n\n"):
        doc.add_paragraph(para.strip())
    sign = doc.add_paragraph(letter.signatory)
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    with translation.override("uk"):
        html = render_to_string(template, {**context, "font_dir": FONT_DIR, "for_pdf": True})
    return HTML(string=html, base_url=FONT_DIR).write_pdf()  # type: ignore[no-any-return]


def letter_pdf(letter: Letter) -> bytes:
    return _pdf(
        "appeals/print/letter.html",
        {
            "letter": letter,
            "appeal": letter.appeal,
            "subject": subject(letter),
            "paragraphs": [p.strip() for p in letter.body.split("\n\n")],
            "address": _address_lines(letter.appeal),
        },
    )


def attach_files(letter: Letter) -> None:
    """Generate the DOCX and PDF and keep them with the letter."""
    stem = letter.number.replace("/", "-")
    letter.docx.save(f"{stem}.docx", ContentFile(letter_docx(letter)), save=False)
    letter.pdf.save(f"{stem}.pdf", ContentFile(letter_pdf(letter)), save=False)
    letter.save(update_fields=["docx", "pdf"])


def office_contacts(appeal: Appeal) -> str:
    """The office's address and phone for the receipt; the institution's own when it has them."""
    inst = appeal.institution
    parts = [
        str(getattr(inst, field, "") or "") for field in ("address", "phone", "email", "website")
    ]
    own = ", ".join(p for p in parts if p)
    return own or str(getattr(settings, "APPEALS_OFFICE_CONTACTS", "") or "")


def card_context(appeal: Appeal) -> dict[str, Any]:
    """Everything the registration-control card (Instruction 348/1997) and the receipt show."""
    from suprovid.appeals.classifier import (
        CLASSIFIER_TOPIC_LABELS,
        ROW_LABELS,
        category_row,
        classifier_topic,
    )

    issues = list(appeal.issues.select_related("topic", "assignee").order_by("id"))
    for issue in issues:
        # The question's subject in section ІІ of the classifier (CMU 858/2008).
        issue.classifier_subject = CLASSIFIER_TOPIC_LABELS[  # type: ignore[attr-defined]
            classifier_topic(issue.topic_group)
        ]
    answers = {
        letter.issue_id: letter
        for letter in appeal.letters.filter(kind=LetterKind.ANSWER).order_by("sent_on")
    }
    person = appeal.applicant
    return {
        "appeal": appeal,
        "person": person,
        "issues": [(i, answers.get(i.pk)) for i in issues],
        "letters": list(appeal.letters.order_by("sent_on", "id")),
        "due_on": max((i.due_on for i in issues), default=None),
        "office_contacts": office_contacts(appeal),
        "answered_on": max((a.sent_on for a in answers.values()), default=None)
        if len(answers) == len(issues) and issues
        else None,
        "title_card": _("Registration-control card"),
        # The author's category as the classifier's row (our status codes are never printed).
        "category_label": f"{category_row(appeal.author_category)} "
        f"{ROW_LABELS[category_row(appeal.author_category)]}"
        if appeal.author_category
        else "",
    }


def card_pdf(appeal: Appeal) -> bytes:
    return _pdf("appeals/print/card.html", card_context(appeal))


def receipt_pdf(appeal: Appeal) -> bytes:
    return _pdf("appeals/print/receipt.html", card_context(appeal))
