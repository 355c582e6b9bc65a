"""Synthetic support network for `seed_demo`: Kryvyi Rih (city, its districts) and
Zhytomyr oblast (130 positions planned, 108 filled, 21 of them in healthcare, as the
oblast reported), specialists with user accounts, and one demo login per role.
"""

from __future__ import annotations

import random
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from translitua import translit

from suprovid.accounts.models import Role, User
from suprovid.territory.codes import subtree_q
from suprovid.territory.models import Category, Territory

from .models import SINCE_ALWAYS, Institution, InstitutionKind, Specialist, StaffingPlan

KR_CITY = "UA12060170010065850"
ZH_OBLAST = "UA18000000000041385"
ZH_CITY = "UA18040190010057814"
REQUIRED_TERRITORIES = (KR_CITY, ZH_OBLAST)
MARKER = "DEMO-KR-VIZA"  # its presence means the demo network is loaded

DEMO_PASSWORD = "suprovid-demo-2025"  # noqa: S105 (synthetic demo logins only)
DEMO_DOMAIN = "demo.suprovid.test"
# role → (e-mail, full name, institution code or None, territory code or None)
DEMO_LOGINS: dict[str, tuple[str, str, str | None, str | None]] = {
    Role.SPECIALIST: (f"specialist@{DEMO_DOMAIN}", "Олена Дем’яненко", MARKER, KR_CITY),
    Role.INTAKE: (f"intake@{DEMO_DOMAIN}", "Ірина Коваленко", MARKER, KR_CITY),
    Role.COORDINATOR: (f"coordinator@{DEMO_DOMAIN}", "Андрій Мельник", None, ZH_OBLAST),
    Role.PROGRAMME_MANAGER: (f"programmes@{DEMO_DOMAIN}", "Тетяна Бойко", None, KR_CITY),
    Role.PARTNER: (f"partner@{DEMO_DOMAIN}", "Богдан Савчук", "DEMO-KR-LEGAL", None),
    # The log is scoped like the data: this auditor reads the Zhytomyr oblast entries.
    Role.AUDITOR: (f"auditor@{DEMO_DOMAIN}", "Наталія Руденко", None, ZH_OBLAST),
    Role.ADMIN: (f"admin@{DEMO_DOMAIN}", "Сергій Ткаченко", None, None),
}

# Zhytomyr oblast's reported figures: positions planned, filled, filled in healthcare.
ZH_PLANNED, ZH_FILLED, ZH_HEALTHCARE_FILLED = 130, 108, 21


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` spread over `parts` numbers differing by at most one, shuffled."""
    base, extra = divmod(total, parts)
    numbers = [base + (1 if n < extra else 0) for n in range(parts)]
    rng.shuffle(numbers)
    return numbers


def _email(full_name: str, n: int) -> str:
    first, last = full_name.split(" ", 1)
    slug = translit(f"{first[0]}.{last}").lower().replace("’", "").replace("'", "")
    return f"{slug}.{n}@{DEMO_DOMAIN}"


class _Builder:
    def __init__(self, rng: random.Random) -> None:
        from suprovid.core.synthetic import random_name

        self.rng = rng
        self.random_name = random_name
        self.institutions: list[tuple[Institution, int, int]] = []  # (inst, planned, filled)

    def add(
        self, code: str, name: str, kind: str, territory: str, planned: int = 0, filled: int = 0
    ) -> None:
        institution = Institution(code=code, name=name, kind=kind, territory_id=territory)
        self.institutions.append((institution, planned, filled))

    def save(self) -> tuple[int, int]:
        Institution.objects.bulk_create([i for i, _p, _f in self.institutions])
        saved = {i.code: i for i in Institution.objects.filter(code__startswith="DEMO-")}
        plans = [
            StaffingPlan(institution=saved[i.code], effective_from=SINCE_ALWAYS, positions=p)
            for i, p, _f in self.institutions
            if p
        ]
        StaffingPlan.objects.bulk_create(plans)
        unusable = make_password(None)
        users: list[User] = []
        posts: list[Specialist] = []
        n = 0
        for institution, _planned, filled in self.institutions:
            for _k in range(filled):
                n += 1
                sex = "M" if self.rng.random() < 0.35 else "F"
                last, first, _patronymic = self.random_name(self.rng, sex)
                full_name = f"{first} {last}"
                email = _email(full_name, n)
                home = saved[institution.code]
                users.append(
                    User(
                        email=email,
                        full_name=full_name,
                        role=Role.SPECIALIST,
                        institution=home,
                        territory_id=home.territory_id,
                        password=unusable,
                    )
                )
                posts.append(
                    Specialist(
                        institution=home,
                        full_name=full_name,
                        email=email,
                        active_from=SINCE_ALWAYS,
                    )
                )
        User.objects.bulk_create(users)
        by_email = {u.email: u for u in User.objects.filter(email__in=[u.email for u in users])}
        for post in posts:
            post.user = by_email[post.email]
        Specialist.objects.bulk_create(posts)
        return len(saved), len(posts)


def _logins() -> None:
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    for role, (email, full_name, institution_code, territory) in DEMO_LOGINS.items():
        institution = Institution.objects.filter(code=institution_code).first()
        user = User.objects.create(
            email=email,
            full_name=full_name,
            role=role,
            institution=institution,
            territory_id=territory or (institution.territory_id if institution else None),
            password=password,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        if role == Role.SPECIALIST and institution is not None:
            Specialist.objects.create(
                institution=institution, full_name=full_name, email=email, user=user
            )


@transaction.atomic
def seed(*, rng: random.Random, stdout: Any) -> None:
    """Institutions of every kind in both regions, their staffing plans, specialists (each
    with a user account that cannot log in) and the demo logins. Needs the territories."""
    if Institution.objects.filter(code=MARKER).exists():
        stdout.write("network: demo network already exists, skipped")
        return
    builder = _Builder(rng)
    # Kryvyi Rih: the single window at ЦНАП «Віза», a centre per city district, partners.
    builder.add(MARKER, "ЦНАП «Віза» — офіс «Я-Ветеран»", InstitutionKind.CNAP, KR_CITY, 4, 4)
    builder.add(
        "DEMO-KR-HEROES",
        "Управління «Політика Героїв» Криворізької міської ради",
        InstitutionKind.ADMINISTRATION,
        KR_CITY,
    )
    districts = list(
        Territory.objects.filter(parent_id=KR_CITY, category=Category.CITY_DISTRICT).order_by(
            "name"
        )
    )
    for n, district in enumerate(districts, start=1):
        builder.add(
            f"DEMO-KR-CSS-{n}",
            f"Центр надання соціальних послуг, {district.name} район",
            InstitutionKind.SOCIAL_SERVICES,
            district.code,
            3,
            rng.choice([2, 3, 3]),
        )
    builder.add(
        "DEMO-KR-HOSP",
        "КНП «Криворізька міська лікарня № 2»",
        InstitutionKind.HEALTHCARE,
        KR_CITY,
        3,
        2,
    )
    builder.add(
        "DEMO-KR-NGO",
        "ГО «Родини загиблих Захисників Кривбасу»",
        InstitutionKind.NGO,
        KR_CITY,
    )
    builder.add(
        "DEMO-KR-LEGAL",
        "Криворізький центр безоплатної правничої допомоги",
        InstitutionKind.PARTNER,
        KR_CITY,
    )
    builder.add("DEMO-KR-JOBS", "Криворізький центр зайнятості", InstitutionKind.PARTNER, KR_CITY)

    # Zhytomyr oblast: 130 planned / 108 filled, 21 filled in healthcare facilities.
    hromadas = list(
        Territory.objects.filter(subtree_q("code", ZH_OBLAST), category=Category.HROMADA)
        .order_by("code")
        .values_list("code", "name")
    )
    cities = list(
        Territory.objects.filter(subtree_q("code", ZH_OBLAST), category=Category.CITY)
        .order_by("code")
        .values_list("code", "name")
    ) or [(ZH_OBLAST, "Житомир")]
    zh_seat = ZH_CITY if Territory.objects.filter(pk=ZH_CITY).exists() else ZH_OBLAST
    builder.add(
        "DEMO-ZH-OVA",
        "Департамент соціальної політики Житомирської ОДА",
        InstitutionKind.ADMINISTRATION,
        ZH_OBLAST,
    )
    builder.add("DEMO-ZH-CNAP", "ЦНАП м. Житомира", InstitutionKind.CNAP, zh_seat, 6, 5)
    hospitals = rng.sample(cities, min(8, len(cities)))
    for n, (planned, filled) in enumerate(
        zip(
            sorted(_split(24, len(hospitals), rng)),
            sorted(_split(ZH_HEALTHCARE_FILLED, len(hospitals), rng)),
            strict=True,
        ),
        start=1,
    ):
        code, name = hospitals[n - 1]
        builder.add(
            f"DEMO-ZH-HOSP-{n}",
            f"КНП «Багатопрофільна лікарня м. {name.strip()}»",
            InstitutionKind.HEALTHCARE,
            code,
            max(planned, filled),
            filled,
        )
    centres = rng.sample(hromadas, min(30, len(hromadas))) or [(zh_seat, "Житомирська")]
    social_planned = ZH_PLANNED - 24 - 6
    social_filled = ZH_FILLED - ZH_HEALTHCARE_FILLED - 5
    for n, (planned, filled) in enumerate(
        zip(
            sorted(_split(social_planned, len(centres), rng)),
            sorted(_split(social_filled, len(centres), rng)),
            strict=True,
        ),
        start=1,
    ):
        code, name = centres[n - 1]
        builder.add(
            f"DEMO-ZH-CSS-{n}",
            f"Центр надання соціальних послуг {name.strip()} громади",
            InstitutionKind.SOCIAL_SERVICES,
            code,
            max(planned, filled),
            filled,
        )
    builder.add(
        "DEMO-ZH-NGO", "ГО «Ветеранський простір Житомирщини»", InstitutionKind.NGO, zh_seat
    )
    builder.add(
        "DEMO-ZH-REHAB",
        "Обласний центр реабілітації ветеранів",
        InstitutionKind.PARTNER,
        zh_seat,
    )
    institutions, specialists = builder.save()
    _logins()
    stdout.write(
        f"network: {institutions} institutions, {specialists} specialists with accounts, "
        f"{len(DEMO_LOGINS)} demo logins"
    )
