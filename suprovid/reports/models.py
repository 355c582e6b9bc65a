"""Models of the reports app: monthly roll-ups of appeals and issues (see `rollups`).

Rows are written only by database triggers on `appeals_appeal` and `appeals_issue`
(created in migration 0001), never by Python code, so every path that writes appeals and
issues — services, imports, merges, the bench loader, raw SQL — keeps them exact in its
own transaction.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length

UNIT_WIDTHS = (2, 4, 6)
"""A roll-up unit is a prefix of the institution's КАТОТТГ code: `UA` (the country),
`UA` + oblast, `UA` + oblast + raion. Each appeal and issue is counted once at each width,
so a report reads the few rows of exactly its own unit."""

NOT_CLOSED = "9999-12-01"
"""`closed_month` of an issue that is not closed: later than any period's end."""


class AppealMonth(models.Model):
    """Appeals received in a month by the institutions of one raion (or oblast level)."""

    unit = models.CharField(max_length=6)
    month = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="appealmonth_key"),
        ]
        indexes = [models.Index(fields=["month", "unit"], name="appealmonth_month_idx")]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m}: {self.n}"


class IssueMonth(models.Model):
    """Issues received in a month by the institutions of one unit, by first-level topic
    and by their current state: the outcome and month of closing, or not closed."""

    unit = models.CharField(max_length=6)
    month = models.DateField()
    topic_group = models.CharField(max_length=32)
    outcome = models.CharField(max_length=16, blank=True)
    closed_month = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month", "topic_group", "outcome", "closed_month"],
                name="issuemonth_key",
            ),
        ]
        indexes = [
            models.Index(fields=["month", "unit"], name="issuemonth_month_idx"),
            # Open data reads all units of one width (every raion of the country): the
            # width first, so the other widths' rows are not read and dropped.
            models.Index(Length("unit"), "month", name="issuemonth_width_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%Y-%m} {self.topic_group}: {self.n}"


class HelpedYear(models.Model):
    """A person with at least one issue resolved (closed as `resolved`) in a calendar year
    by the institutions of an area, with how many such issues, and whether the person held
    a veteran status valid at some time within that year. Areas: the country (`UA`) and
    each oblast (`UA` + two digits), the prefixes of their КАТОТТГ codes."""

    area = models.CharField(max_length=4)
    year = models.IntegerField()
    person_id = models.BigIntegerField()
    n = models.IntegerField(default=0)
    veteran = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "person_id"], name="helpedyear_key"),
        ]
        indexes = [
            models.Index(fields=["area", "year", "veteran"], name="helpedyear_count_idx"),
            models.Index(fields=["person_id"], name="helpedyear_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year} person {self.person_id}"
