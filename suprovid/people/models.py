"""Persons the service deals with, their statuses, family links and consents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.conf import settings
from django.db import connections, models
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from suprovid.accounts.scope import Scope
from suprovid.core.collation import uk
from suprovid.core.models import VersionedModel

from .health import HealthGround
from .names import build_search_text, name_key, search_alternatives
from .reach import scope_tokens


class StatusCode(models.TextChoices):
    """Codes are fixed by contract.md; labels follow Law 3551-XII."""

    COMBATANT = "combatant", _("combatant (УБД)")
    WAR_DISABLED = "war_disabled", _("person with disability due to war")
    WAR_PARTICIPANT = "war_participant", _("war participant")
    SPECIAL_MERIT = "special_merit", _("person with special merits to the Motherland")
    DIGNITY_INJURED = "dignity_injured", _("injured participant of the Revolution of Dignity")
    FAMILY_FALLEN = "family_fallen", _("family member of a fallen (deceased) defender")
    FAMILY_MISSING = "family_missing", _("family member of a defender missing in action")
    POW = "pow", _("person deprived of liberty due to armed aggression")
    FAMILY_POW = "family_pow", _("family member of a person deprived of liberty")
    DEMOBILIZED = "demobilized", _("demobilised person")
    SERVING = "serving", _("serviceman / servicewoman")
    FAMILY_SERVING = "family_serving", _("family member of a serviceman")


# "Veteran" in reports (domain.md §2).
VETERAN_STATUSES = frozenset(
    {
        StatusCode.COMBATANT,
        StatusCode.WAR_DISABLED,
        StatusCode.WAR_PARTICIPANT,
        StatusCode.SPECIAL_MERIT,
        StatusCode.DIGNITY_INJURED,
    }
)
# Statuses that point to the defender they derive from.
FAMILY_STATUSES = frozenset(
    {
        StatusCode.FAMILY_FALLEN,
        StatusCode.FAMILY_MISSING,
        StatusCode.FAMILY_POW,
        StatusCode.FAMILY_SERVING,
    }
)


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class Fate(models.TextChoices):
    """For defenders recorded so that family statuses can point to them."""

    FALLEN = "fallen", _("fallen (deceased)")
    MISSING = "missing", _("missing in action")
    CAPTIVE = "captive", _("in captivity")


# What a partner institution sees of persons: those of the issues referred to it. The
# appeals app (which owns referrals) registers the condition in its `AppConfig.ready()`;
# people sits below appeals and does not import it.
_partner_reach: Callable[[int], Exists] | None = None


def register_partner_reach(condition: Callable[[int], Exists]) -> None:
    """`condition(institution_id)` → an `Exists(...)` over persons (`OuterRef("pk")`)."""
    global _partner_reach
    _partner_reach = condition


class ReachTokensOverlap(Func):
    """`string_to_array(reach_tokens, ' ') && ARRAY[tokens]`: the person's reach words
    include one of `tokens`. The expression is exactly that of
    `person_reach_tokens_idx` (people 0007), so the planner can use the index."""

    output_field = BooleanField()

    def __init__(self, tokens: list[str]) -> None:
        super().__init__(F("reach_tokens"))
        self.tokens = sorted(tokens)

    def as_sql(  # type: ignore[override]  # renders itself; Func's template arguments unused
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        column, params = compiler.compile(self.source_expressions[0])
        return f"string_to_array({column}, ' ') && %s::text[]", (*params, self.tokens)

    def as_sqlite(
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        """The same test as a scan (SQLite reads visibility through PersonReach; this is
        for checking the words against it)."""
        column, params = compiler.compile(self.source_expressions[0])
        if not self.tokens:
            return "0 = 1", ()
        probe = f"instr(' ' || {column} || ' ', %s) > 0"
        return (
            "(" + " OR ".join([probe] * len(self.tokens)) + ")",
            tuple(p for token in self.tokens for p in (*params, f" {token} ")),
        )


class PersonQuerySet(models.QuerySet["Person"]):
    def visible_to(self, user: Any) -> PersonQuerySet:
        """The one place that decides whose records a user may see.

        - administrators: everyone; auditors: nobody (they read the audit log only);
        - partners: only the persons of issues referred to their institution;
        - everyone else: persons registered in their territory subtree or kept by their
          institution, and persons whose issues are handled in their scope — one semi-join
          on the indexed `PersonReach` rows (no `OR EXISTS` evaluated per person); on
          PostgreSQL the same rows' words on the person itself (`reach_tokens`).
        """
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.sees_everything:
            return self.all()
        if user.role == "partner":
            if user.institution_id is None or _partner_reach is None:
                return self.none()
            return self.filter(_partner_reach(user.institution_id))
        if not user.works_with_people:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            # The same rule read from the person's own row (people/reach.py, "Tokens"): a
            # GIN index the planner can combine with the name search's trigram index.
            tokens = scope_tokens(Scope.of(user))
            return self.filter(ReachTokensOverlap(tokens)) if tokens else self.none()
        return self.filter(Exists(PersonReach.objects.filter(reach_q(user), person=OuterRef("pk"))))

    def active(self) -> PersonQuerySet:
        return self.filter(merged_into__isnull=True)

    def search(self, query: str) -> PersonQuerySet:
        """One search box: name parts (any case, Cyrillic or Latin), РНОКПП, phone."""
        alternatives = search_alternatives(query)
        if not alternatives:
            return self
        qs = self
        for needles in alternatives:
            # Each word must match; a word matches by any of its spellings (names.py).
            match = Q()
            for needle in needles:
                match |= Q(search_text__contains=needle)
            qs = qs.filter(match)
        return qs

    def in_name_order(self, *, search: str = "", descending: bool = False) -> PersonQuerySet:
        """Ukrainian alphabetical order (last, first, patronymic name, id).

        After a search whose every word has three letters or more, the order is written
        so that PostgreSQL cannot read it from `person_name_uk_idx`: it then takes the
        matches from the trigram index and sorts them (a few thousand at most), instead
        of walking the whole alphabet hoping to meet 25 matches early — a surname
        fragment such as "шевч" matches only near Ш, so that walk read 350 k rows
        (docs/performance.md). Shorter words cannot use the trigram index, and there the
        walk in index order is the fast plan.
        """
        selective = bool(search) and all(
            len(needle) >= 3 for needles in search_alternatives(search) for needle in needles
        )

        def key(field: str) -> Any:
            expression = uk(Concat(F(field), Value(""))) if selective else uk(field)
            return expression.desc() if descending else expression

        names = (key("last_name"), key("first_name"), key("patronymic"))
        return self.order_by(*names, "-id" if descending else "id")

    def veterans(self) -> PersonQuerySet:
        return self.filter(
            Exists(
                PersonStatus.objects.filter(person=OuterRef("pk"), code__in=list(VETERAN_STATUSES))
            )
        )


class Person(VersionedModel):
    """Anyone the service deals with: a veteran, a family member, a fallen or missing defender.

    Names are kept as written; `search_text` and `name_key` are derived for matching.
    A merged-away duplicate keeps its row with `merged_into` set, so links and history
    that pointed to it can be followed.
    """

    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    rnokpp = models.CharField(_("РНОКПП (tax number)"), max_length=10, blank=True)
    rnokpp_refused = models.BooleanField(
        _("refused a tax number on religious grounds"), default=False
    )
    # What the РНОКПП disagrees with ("birth_date", "sex", comma-separated), confirmed by
    # the user against the document: the tax service acknowledges such real numbers.
    rnokpp_mismatch = models.CharField(
        _("РНОКПП disagreement confirmed"), max_length=40, blank=True, editable=False
    )
    passport = models.CharField(_("passport series and number"), max_length=20, blank=True)
    unzr = models.CharField(_("УНЗР"), max_length=14, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("registered residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("registered address"), max_length=300, blank=True)
    actual_address = models.CharField(_("actual address"), max_length=300, blank=True)
    fate = models.CharField(_("defender's fate"), max_length=16, choices=Fate.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("institution keeping the record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    search_text = models.TextField(editable=False, default="")
    name_key = models.CharField(max_length=300, editable=False, default="", db_index=True)
    # Where the person is reached, as words (people/reach.py, "Tokens"): derived from
    # PersonReach by refresh_reach, never written by `save` (a stale copy in memory must
    # not overwrite what another transaction's refresh wrote).
    reach_tokens = models.TextField(editable=False, default="", db_default="")
    # Set by the retention rules (privacy/lifecycle.py): names and identifiers are gone.
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True, editable=False)

    objects: ClassVar[PersonQuerySet] = PersonQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name", "patronymic", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rnokpp"],
                condition=~Q(rnokpp="") & Q(merged_into__isnull=True),
                name="person_unique_rnokpp",
            ),
        ]
        indexes = [
            models.Index(fields=["territory"], name="person_territory_idx"),
            models.Index(fields=["institution"], name="person_institution_idx"),
            models.Index(fields=["last_name", "first_name"], name="person_name_idx"),
            # Active records' ids alone: counting the persons visible to a user is a merge
            # of this index with PersonReach's, neither touching table rows.
            models.Index(
                fields=["id"], condition=Q(merged_into__isnull=True), name="person_active_id_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def rnokpp_mismatch_labels(self) -> list[str]:
        """What the confirmed РНОКПП disagrees with, for the card."""
        labels = {"birth_date": _("the birth date"), "sex": _("the sex")}
        return [str(labels.get(c, c)) for c in self.rnokpp_mismatch.split(",") if c]

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    def refresh_search_fields(self) -> None:
        """Recompute the derived matching columns; called by `save`."""
        self.search_text = build_search_text(
            last_name=self.last_name,
            first_name=self.first_name,
            patronymic=self.patronymic,
            rnokpp=self.rnokpp,
            passport=self.passport,
            phone=self.phone,
        )
        self.name_key = name_key(self.last_name, self.first_name, self.patronymic)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "name_key"} - {"reach_tokens"}
        elif not self._state.adding and not args and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "reach_tokens"
            ]
        super().save(*args, **kwargs)

    @property
    def is_veteran(self) -> bool:
        return any(s.code in VETERAN_STATUSES for s in self.statuses.all())


class DisabilityGroup(models.TextChoices):
    I = "1", _("group I")  # noqa: E741
    II = "2", _("group II")
    III = "3", _("group III")


class StatusSource(models.TextChoices):
    PAPER = "paper", _("paper certificate")
    DIIA = "diia", _("Дія")
    REGISTRY = "registry", _("Unified State Register of War Veterans (ЄДРВВ)")


class PersonStatus(models.Model):
    """One legal status a person holds, with its certificate and validity."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="statuses")
    code = models.CharField(
        pgettext_lazy("legal status", "status"), max_length=32, choices=StatusCode.choices
    )
    disability_group = models.CharField(
        _("disability group"), max_length=1, choices=DisabilityGroup.choices, blank=True
    )
    certificate = models.CharField(_("certificate series and number"), max_length=50, blank=True)
    certificate_issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    certificate_date = models.DateField(_("issued on"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=StatusSource.choices, default=StatusSource.PAPER
    )
    related_person = models.ForeignKey(
        Person,
        verbose_name=_("defender this status derives from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived_statuses",
    )
    # Law 2297-VI art. 7: a disability is health data, kept only on a ground (health.py).
    health_ground = models.CharField(
        _("legal ground for health data"), max_length=16, choices=HealthGround.choices, blank=True
    )
    health_consent = models.ForeignKey(
        "Consent",
        verbose_name=_("health consent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = pgettext_lazy("legal status", "status")
        verbose_name_plural = pgettext_lazy("legal status", "statuses")
        ordering = ["code"]
        indexes = [models.Index(fields=["code", "person"], name="status_code_person_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="status_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_code_display())

    @property
    def is_health_data(self) -> bool:
        from .health import is_health_status

        return is_health_status(self.code, self.disability_group)


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("spouse")
    CHILD = "child", _("child")
    PARENT = "parent", pgettext_lazy("family relation", "parent")
    SIBLING = "sibling", _("brother or sister")
    GUARDIAN = "guardian", _("guardian")
    OTHER = "other", _("other relative")


class FamilyLink(models.Model):
    """`relative` is the `relation` of `person` (e.g. relative is person's child)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="family_links")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)

    class Meta:
        verbose_name = _("family link")
        verbose_name_plural = _("family links")
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="family_link_unique"),
            models.CheckConstraint(
                condition=~Q(person=models.F("relative")), name="family_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.relative} ({self.get_relation_display()})"


class ConsentPurpose(models.TextChoices):
    PROCESSING = "processing", _("processing of personal data")
    HEALTH = "health", _("processing of health and disability data")
    SHARING = "sharing", _("sharing with partner institutions for referrals")
    CONTACT = "contact", _("contact by phone, SMS or e-mail")


class Consent(models.Model):
    """A consent record (Law 2297-VI art. 7, 11): what for, when given, when withdrawn."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=16, choices=ConsentPurpose.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    document = models.CharField(_("document / note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_purpose_display())

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


def reach_q(user: Any) -> Q:
    """The `PersonReach` rows inside `user`'s scope (territory, institution, assignee)."""
    return Scope.of(user).q(territory="territory", institution="institution", assignee="assignee")


class PersonReach(models.Model):
    """Where a person is reached: one row per distinct (territory, institution, assignee)
    among the person's own record (registered residence, keeping institution) and the
    issues about them (where each is handled, by whom).

    Derived data, kept by `suprovid.people.reach.refresh_reach` from the sources apps
    register (`register_reach_source`), called by every service and import that creates a
    person or an issue, or moves one; `manage.py reach --check` compares it with its
    sources. It makes "persons visible to a user" one indexed semi-join.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    # No database constraints: this is an index of other tables' facts and must never
    # block deleting an institution or a user (the next refresh drops the row).
    territory = models.ForeignKey(
        "territory.Territory",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    institution = models.ForeignKey(
        "network.Institution",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("person reach")
        indexes = [
            # Covering: a probe "is this person reached in my scope?" reads the
            # index only (no table rows).
            models.Index(
                fields=["person", "territory", "institution", "assignee"], name="reach_person_idx"
            ),
            models.Index(fields=["territory", "person"], name="reach_territory_idx"),
            models.Index(fields=["institution", "person"], name="reach_institution_idx"),
            models.Index(fields=["assignee", "person"], name="reach_assignee_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.territory_id}/{self.institution_id}/{self.assignee_id}"
