"""The first-level topics fixed by contract.md, with a few second-level ones to start with.

Administrators add and rename topics in the admin; these codes must not change.
"""

from typing import Any

FIRST_LEVEL: list[tuple[str, str, str]] = [
    ("status", "Статус і посвідчення", "Status and certificates"),
    ("documents", "Документи", "Documents"),
    ("payments", "Виплати", "Payments"),
    ("benefits", "Пільги", "Benefits"),
    ("social", "Соціальні послуги", "Social services"),
    ("medical", "Медичні послуги", "Medical services"),
    ("rehabilitation", "Реабілітація та протезування", "Rehabilitation and prosthetics"),
    ("psychological", "Психологічна підтримка", "Psychological support"),
    ("legal", "Правова допомога", "Legal aid"),
    ("employment", "Працевлаштування", "Employment"),
    ("education", "Освіта і перекваліфікація", "Education and retraining"),
    ("business", "Власна справа", "Own business"),
    ("housing", "Житло", "Housing"),
    ("land", "Земля", "Land"),
    ("transport", "Транспорт", "Transport"),
    ("sport", "Спорт і дозвілля", "Sport and leisure"),
    (
        "family_support",
        "Підтримка родин загиблих, полонених і зниклих безвісти",
        "Support for families of the fallen, captive and missing",
    ),
    ("other", "Інше", "Other"),
]

SECOND_LEVEL: list[tuple[str, str, str]] = [
    ("status.combatant", "Встановлення статусу УБД", "Combatant status"),
    ("status.disability", "Статус особи з інвалідністю внаслідок війни", "War disability status"),
    ("documents.restore", "Відновлення документів", "Restoring documents"),
    ("documents.issue", "Оформлення документів", "Issuing documents"),
    ("payments.pension", "Пенсія", "Pension"),
    ("payments.one_time", "Одноразова грошова допомога", "One-time payment"),
    ("medical.treatment", "Лікування", "Treatment"),
    ("legal.consultation", "Правова консультація", "Legal consultation"),
    ("legal.court", "Представництво в суді", "Representation in court"),
    ("employment.job", "Пошук роботи", "Job search"),
    ("education.it", "ІТ-перекваліфікація", "IT retraining"),
    ("housing.compensation", "Грошова компенсація за житло", "Housing compensation"),
]


def ensure_topics(topic_model: Any = None) -> None:
    """Create the fixed topics that are missing; names an administrator changed are kept.

    Used by the data migration (with its historical model) and by tests whose table flush
    removed the migration's rows.
    """
    if topic_model is None:
        from .models import Topic as topic_model

    for position, (code, uk, en) in enumerate(FIRST_LEVEL, start=1):
        topic_model.objects.get_or_create(
            code=code, defaults={"name_uk": uk, "name_en": en, "position": position * 10}
        )
    for position, (code, uk, en) in enumerate(SECOND_LEVEL, start=1):
        topic_model.objects.get_or_create(
            code=code,
            defaults={
                "name_uk": uk,
                "name_en": en,
                "parent_id": code.split(".", 1)[0],
                "position": position,
            },
        )
