"""Programmes: directions of help, their services and budgets, and what people received.

The catalogue records (directions, services, distributions, events, courses) are versioned:
an edit carries the version it read and a stale save is refused (`catalogue_save`).

Scope: the catalogue (directions, services, distributions, events, courses) belongs to an
owner territory, and is visible to staff whose territory subtree contains it (or whose
institution runs it). Deliveries, recipients, registrations and enrolments are personal
data: they are visible only through `Person.objects.visible_to(user)`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from suprovid.accounts.scope import Scope
from suprovid.core.models import TimeStampedModel, VersionedModel
from suprovid.people.models import Person, StatusCode

ZERO = Decimal("0")


def _catalogue_q(user: Any, territory_field: str, institution_field: str) -> Q | None:
    """The scope of the catalogue for `user`, or None for "everything"."""
    scope = Scope.of(user)
    if scope.unlimited:
        return None
    return scope.q(territory=territory_field, institution=institution_field)


def _may_see_catalogue(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.is_active and user.works_with_people
    )


def _people_scope(qs: models.QuerySet[Any], user: Any) -> Any:
    """Rows about a person, kept to the persons the user may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.sees_everything:
        return qs
    return qs.filter(person__in=Person.objects.visible_to(user).values("pk"))


def validate_status_codes(value: Any) -> None:
    if not isinstance(value, list) or any(code not in StatusCode.values for code in value):
        raise ValidationError(_("Choose statuses from the list."))


# --- Catalogue ----------------------------------------------------------------------------


class DirectionQuerySet(models.QuerySet["Direction"]):
    def visible_to(self, user: Any) -> DirectionQuerySet:
        if not _may_see_catalogue(user):
            return self.none()
        q = _catalogue_q(user, "territory", "institution")
        return self if q is None else self.filter(q)


class Direction(VersionedModel):
    """A programme direction (one of a city's 70 directions of help), owned by a territory."""

    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("owner territory"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("responsible institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(pgettext_lazy("in force", "active"), default=True)

    objects: ClassVar[DirectionQuerySet] = DirectionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("programme direction")
        verbose_name_plural = _("programme directions")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["territory"], name="direction_territory_idx")]

    def __str__(self) -> str:
        return self.name


class DirectionBudget(models.Model):
    """The planned budget of a direction for one calendar year (UAH)."""

    direction = models.ForeignKey(Direction, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    planned = models.DecimalField(
        _("planned, UAH"), max_digits=14, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )

    class Meta:
        verbose_name = _("yearly budget")
        verbose_name_plural = _("yearly budgets")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["direction", "year"], name="budget_direction_year"),
            models.CheckConstraint(condition=Q(planned__gte=0), name="budget_planned_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.direction} {self.year}"


class ExpenditureKind(models.TextChoices):
    COMMITMENT = "commitment", _("commitment (contract signed, not yet paid)")
    PAYMENT = "payment", _("payment")


class Expenditure(TimeStampedModel):
    """Money recorded against a direction outside deliveries: contracts, rent, payments."""

    direction = models.ForeignKey(Direction, on_delete=models.CASCADE, related_name="expenditures")
    kind = models.CharField(_("kind"), max_length=16, choices=ExpenditureKind.choices)
    on = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount, UAH"), max_digits=14, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    description = models.CharField(_("description"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["-on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="expenditure_not_negative"),
        ]

    def __str__(self) -> str:
        return self.description


class LimitPeriod(models.TextChoices):
    NONE = "none", _("no limit")
    DISTRIBUTION = "distribution", _("per wave (distribution)")
    YEAR = "year", _("per calendar year")
    EVER = "ever", _("in total")


class ServiceQuerySet(models.QuerySet["Service"]):
    def visible_to(self, user: Any) -> ServiceQuerySet:
        if not _may_see_catalogue(user):
            return self.none()
        q = _catalogue_q(user, "direction__territory", "direction__institution")
        return self if q is None else self.filter(q)

    def active(self) -> ServiceQuerySet:
        return self.filter(is_active=True, direction__is_active=True)


class Service(VersionedModel):
    """A kind of help under a direction, with its unit cost and eligibility rules.

    Rules (all must hold): a qualifying status (any of, valid on the date), registered
    residence inside `residence_territory` (its subtree), age within the range on the date,
    and at most `limit_quantity` units per person per `limit_period`.
    """

    direction = models.ForeignKey(Direction, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=50, default="", blank=True)
    unit_cost = models.DecimalField(
        _("unit cost, UAH"),
        max_digits=12,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
    )
    qualifying_statuses = models.JSONField(
        _("qualifying statuses"),
        default=list,
        blank=True,
        validators=[validate_status_codes],
        help_text=_("A person qualifies with any of these statuses. None chosen: everyone."),
    )
    residence_territory = models.ForeignKey(
        "territory.Territory",
        verbose_name=_("registered residence inside"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    residence_phrase = models.CharField(
        _("residence, as said to a person"),
        max_length=100,
        blank=True,
        help_text=_("How the area reads in a sentence, e.g. “у Кривому Розі”."),
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    limit_quantity = models.PositiveIntegerField(
        _("limit per person"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    limit_period = models.CharField(
        _("limit period"), max_length=16, choices=LimitPeriod.choices, default=LimitPeriod.NONE
    )
    is_active = models.BooleanField(pgettext_lazy("in force", "active"), default=True)

    objects: ClassVar[ServiceQuerySet] = ServiceQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["direction__name", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(max_age__gte=F("min_age")),
                name="service_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=(Q(limit_period="none") & Q(limit_quantity__isnull=True))
                | (~Q(limit_period="none") & Q(limit_quantity__gte=1)),
                name="service_limit_complete",
            ),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="service_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            errors["max_age"] = _("The maximum age cannot be below the minimum age.")
        if self.limit_period == LimitPeriod.NONE and self.limit_quantity:
            errors["limit_period"] = _("Choose the period the limit counts over.")
        if self.limit_period != LimitPeriod.NONE and not self.limit_quantity:
            errors["limit_quantity"] = _("Give the number of units a person may receive.")
        if errors:
            raise ValidationError(errors)

    @property
    def has_limit(self) -> bool:
        return self.limit_period != LimitPeriod.NONE and bool(self.limit_quantity)

    def qualifying_status_labels(self) -> list[str]:
        return [str(StatusCode(code).label) for code in self.qualifying_statuses]


# --- Distributions and deliveries -----------------------------------------------------------


class DistributionQuerySet(models.QuerySet["Distribution"]):
    def visible_to(self, user: Any) -> DistributionQuerySet:
        if not _may_see_catalogue(user):
            return self.none()
        q = _catalogue_q(user, "service__direction__territory", "service__direction__institution")
        return self if q is None else self.filter(q)

    def covering(self, day: dt.date) -> DistributionQuerySet:
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class Distribution(VersionedModel):
    """A wave of a service: e.g. food packages from 31 March for these categories.

    `categories`, when given, replace the service's qualifying statuses for this wave.
    """

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="distributions")
    name = models.CharField(_("name"), max_length=300)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    places = models.TextField(_("pickup points"), blank=True, help_text=_("One per line."))
    categories = models.JSONField(
        _("categories"),
        default=list,
        blank=True,
        validators=[validate_status_codes],
        help_text=_("Statuses this wave is for. None chosen: the service's own statuses."),
    )

    objects: ClassVar[DistributionQuerySet] = DistributionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="distribution_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The wave cannot end before it starts.")})

    @property
    def place_list(self) -> list[str]:
        return [line.strip() for line in self.places.splitlines() if line.strip()]

    @property
    def statuses(self) -> list[str]:
        return list(self.categories) or list(self.service.qualifying_statuses)


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def visible_to(self, user: Any) -> DeliveryQuerySet:
        qs: DeliveryQuerySet = _people_scope(self, user)
        return qs


class Delivery(TimeStampedModel):
    """One issue of a service to a person. Written only by `delivery_record`, which keeps
    the person's `LimitUsage` counter in the same transaction."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="deliveries")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    distribution = models.ForeignKey(
        Distribution,
        verbose_name=_("distribution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    delivered_on = models.DateField(_("delivered on"))
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    amount = models.DecimalField(_("amount, UAH"), max_digits=12, decimal_places=2, default=ZERO)
    place = models.CharField(_("place"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects: ClassVar[DeliveryQuerySet] = DeliveryQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-delivered_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="delivery_quantity_positive"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="delivery_amount_not_negative"),
        ]
        indexes = [
            models.Index(fields=["person", "service"], name="delivery_person_service_idx"),
            models.Index(fields=["service", "delivered_on"], name="delivery_service_date_idx"),
            models.Index(fields=["distribution", "person"], name="delivery_distribution_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.service} → {self.person} ({self.delivered_on})"


class LimitUsage(models.Model):
    """How much of a limited service a person has used in one period.

    The database refuses `used > limit`, and `delivery_record` raises `used` with
    `UPDATE … SET used = used + q` in the delivery's transaction: two desks issuing at the
    same second serialise on this row and the second fails the constraint.
    `period_key`: the year ("2025"), the wave ("d42") or "all".
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    period_key = models.CharField(max_length=16)
    used = models.PositiveIntegerField(default=0)
    limit = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "person", "period_key"], name="limit_usage_unique"
            ),
            models.CheckConstraint(condition=Q(used__lte=F("limit")), name="limit_usage_within"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id}/{self.person_id}/{self.period_key}: {self.used}/{self.limit}"


class RecipientQuerySet(models.QuerySet["Recipient"]):
    def visible_to(self, user: Any) -> RecipientQuerySet:
        qs: RecipientQuerySet = _people_scope(self, user)
        return qs


class Recipient(models.Model):
    """A person expected at a distribution (generated from eligibility)."""

    distribution = models.ForeignKey(
        Distribution, on_delete=models.CASCADE, related_name="recipients"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[RecipientQuerySet] = RecipientQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["distribution", "person"], name="recipient_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.distribution_id}: {self.person_id}"


# --- Events and courses ---------------------------------------------------------------------


class OfferingQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> Self:
        if not _may_see_catalogue(user):
            return self.none()
        q = _catalogue_q(user, "direction__territory", "direction__institution")
        return self if q is None else self.filter(q)


class Offering(VersionedModel):
    """What an event and a course share: a direction of help, a name, the dates, and a
    capacity that the database will not let the counter `TAKEN` (registrations, enrolments,
    kept with `F()` by the services) exceed."""

    TAKEN: ClassVar[str]

    # Each declares `direction` itself (its own related name: `direction.events`, `.courses`).
    direction: models.ForeignKey[Direction, Direction]
    name = models.CharField(_("name"), max_length=300)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])

    objects: ClassVar[OfferingQuerySet] = OfferingQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        abstract = True
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def taken(self) -> int:
        return int(getattr(self, self.TAKEN))

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.taken, 0)


def _offering_constraints(taken: str, prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{f"{taken}__lte": F("capacity")}), name=f"{prefix}_within_capacity"
        ),
        models.CheckConstraint(
            condition=Q(ends_on__gte=F("starts_on")), name=f"{prefix}_dates_ordered"
        ),
    ]


class Event(Offering):
    """An event with registration, e.g. sports games for veteran families."""

    TAKEN = "registered"

    direction = models.ForeignKey(Direction, on_delete=models.PROTECT, related_name="events")
    place = models.CharField(_("place"), max_length=300, blank=True)
    registered = models.PositiveIntegerField(_("registered"), default=0, editable=False)

    class Meta(Offering.Meta):
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = _offering_constraints("registered", "event")


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def visible_to(self, user: Any) -> RegistrationQuerySet:
        qs: RegistrationQuerySet = _people_scope(self, user)
        return qs


class Registration(models.Model):
    """A person registered for an event; family members point to the person they came with."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    with_person = models.ForeignKey(
        Person,
        verbose_name=_("family of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.BooleanField(_("attended"), default=False)
    result = models.CharField(_("result"), max_length=200, blank=True)

    objects: ClassVar[RegistrationQuerySet] = RegistrationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="registration_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.person_id}"


class Course(Offering):
    """A course, e.g. free IT retraining: enrolments, attendance, completion, employment."""

    TAKEN = "enrolled"

    direction = models.ForeignKey(Direction, on_delete=models.PROTECT, related_name="courses")
    provider = models.CharField(_("provider"), max_length=300, blank=True)
    sessions = models.PositiveSmallIntegerField(_("sessions"), default=1)
    enrolled = models.PositiveIntegerField(_("enrolled"), default=0, editable=False)

    class Meta(Offering.Meta):
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = _offering_constraints("enrolled", "course")


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("enrolled")
    COMPLETED = "completed", pgettext_lazy("enrolment", "completed")
    DROPPED = "dropped", _("dropped out")


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def visible_to(self, user: Any) -> EnrolmentQuerySet:
        qs: EnrolmentQuerySet = _people_scope(self, user)
        return qs


class Enrolment(models.Model):
    """A person on a course, and what came of it."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    enrolled_on = models.DateField(_("enrolled on"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    sessions_attended = models.PositiveSmallIntegerField(_("sessions attended"), default=0)
    completed_on = models.DateField(
        pgettext_lazy("enrolment", "completed on"), null=True, blank=True
    )
    employed_on = models.DateField(_("employed on"), null=True, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)

    objects: ClassVar[EnrolmentQuerySet] = EnrolmentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["enrolled_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "person"], name="enrolment_unique"),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="enrolment_completed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.person_id}"
