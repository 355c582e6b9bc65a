"""The appeals app's list filters, declared once (`suprovid.core.filters`): the web work list,
its export and `GET /api/v1/issues/` use `IssueFilter`; the referral lists, the partner's
inbox and `GET /api/v1/referrals/` use `ReferralFilter`."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import django_filters
from django import forms
from django.db.models import Case, OuterRef, Q, QuerySet, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from suprovid.core.filters import ListFilterSet
from suprovid.people.models import Person
from suprovid.territory.filters import TerritoryFilter
from suprovid.topics.models import Topic

from . import deadlines
from .models import (
    Issue,
    IssueQuerySet,
    IssueStatus,
    Letter,
    LetterKind,
    Referral,
    ReferralStatus,
)

# Plain deadline order; putting privileged appeals first is a separate, named order
# (Law 3551-XII art. 12 gives them priority, but a list sorted "by deadline" must be).
ORDERS = {
    "due": ["due_on", "id"],
    "privileged": ["-appeal__is_privileged", "due_on", "id"],
    "-received": ["-received_on", "-id"],
    "topic": ["topic_group", "due_on", "id"],
}


def answer_number() -> Subquery:
    """The outgoing number of the issue's answer letter, if one is recorded."""
    return Subquery(
        Letter.objects.filter(issue=OuterRef("pk"), kind=LetterKind.ANSWER).values("number")[:1]
    )


OPEN_REFERRAL = [ReferralStatus.SENT, ReferralStatus.ACCEPTED]


class IssueFilter(ListFilterSet):
    """Issues of a work list. On the web an empty status means "open (any)" unless an answer
    filter is chosen, and an empty "responsible" means "mine" for a specialist and "everyone
    in my scope" for a coordinator (`web_defaults`); the API lists every status in scope."""

    q = django_filters.CharFilter(
        label=_("Name, number or РНОКПП"),
        method="filter_q",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    q_topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.filter(parent__isnull=True),
        method="filter_topic",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=IssueStatus.choices, empty_label=_("open (any)")
    )
    territory = TerritoryFilter(label=_("Territory"), field_name="territory")
    due = django_filters.ChoiceFilter(
        label=_("Deadline"),
        choices=[("overdue", _("overdue")), ("soon", _("due within 3 days"))],
        empty_label=_("any"),
        method="filter_due",
    )
    who = django_filters.ChoiceFilter(
        label=_("Responsible"),
        choices=[("mine", _("mine")), ("all", _("everyone in my scope"))],
        empty_label=None,
        method="filter_who",
    )
    answer = django_filters.ChoiceFilter(
        label=_("Answer"),
        choices=[
            ("owed", _("still owes an answer")),
            ("notice", _("still owes a notice (extension, forwarding)")),
        ],
        empty_label=_("any"),
        method="filter_answer",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"),
        choices=[
            ("due", _("deadline")),
            ("privileged", _("privileged first, then deadline")),
            ("-received", _("newest first")),
            ("topic", _("topic")),
        ],
        empty_label=None,
        method="filter_sort",
    )

    # The web list shows open issues when neither a status nor an answer filter is chosen.
    open_by_default = True

    class Meta(ListFilterSet.Meta):
        model = Issue
        fields: list[str] = []

    @staticmethod
    def web_defaults(data: Any, user: Any) -> Any:
        """The web work list's query with its defaults: whose issues, and the deadline order."""
        data = data.copy()
        if not data.get("who"):
            data["who"] = "all" if user.is_coordinator else "mine"
        if not data.get("sort"):
            data["sort"] = "due"
        return data

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        qs = cast(IssueQuerySet, super().filter_queryset(queryset))
        values = self.form.cleaned_data
        if self.open_by_default and not values.get("status") and not values.get("answer"):
            qs = qs.open()
        if not values.get("sort"):
            qs = qs.order_by(*ORDERS["due"])
        return qs

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # The applicant's or the concerned person's name (any case, Latin too), РНОКПП or
        # phone, or the appeal number.
        q = value.strip()
        if not q:
            return qs
        found = Person.objects.search(q).values("pk")
        return qs.filter(
            Q(appeal__number__icontains=q) | Q(person__in=found) | Q(appeal__applicant__in=found)
        )

    def filter_topic(self, qs: QuerySet[Any], name: str, value: Topic) -> QuerySet[Any]:
        return qs.filter(topic_group=value.code)

    def filter_due(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        today = timezone.localdate()
        if value == "overdue":
            return qs.filter(due_on__lt=today)
        return qs.filter(
            due_on__gte=today, due_on__lte=today + dt.timedelta(days=deadlines.DUE_SOON_DAYS)
        )

    def filter_who(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(assignee=self.user) if value == "mine" else qs

    def filter_answer(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "owed":
            # Law 393/96 arts. 15, 18, 19: an issue owes its answer until the letter is
            # recorded, open or already closed.
            if "answer_number" not in qs.query.annotations:
                qs = qs.annotate(answer_number=answer_number())
            return qs.filter(answer_number__isnull=True)
        # Law 393/96 art. 20 (extension) and art. 7 (forwarding): the applicant is told.
        from .duties import notice_owed

        return notice_owed(qs)

    def filter_sort(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.order_by(*ORDERS[value])


class IssueApiFilter(IssueFilter):
    """`GET /api/v1/issues/`: every status unless one is asked for, and the API's own
    shorthands `mine=1` and `overdue=1` beside `who` and `due`."""

    # `1`/`0` or `true`/`false`, as before.
    mine = django_filters.BooleanFilter(label=_("mine"), method="filter_mine", widget=BooleanWidget)
    overdue = django_filters.BooleanFilter(
        label=_("overdue"), method="filter_overdue", widget=BooleanWidget
    )
    open_by_default = False

    def filter_mine(self, qs: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        return qs.filter(assignee=self.user) if value else qs

    def filter_overdue(self, qs: IssueQuerySet, name: str, value: bool) -> IssueQuerySet:
        return qs.overdue() if value else qs


class ReferralFilter(ListFilterSet):
    """Referrals, for the sending side's list (`?open=1`: sent or accepted), the partner's
    inbox and `GET /api/v1/referrals/`: a status (or "needs action": new, then accepted), and
    the name of the person concerned."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("action", _("Needs action")), *ReferralStatus.choices, ("all", _("All"))],
        empty_label=None,
        method="filter_status",
    )
    open = django_filters.BooleanFilter(
        label=_("open (sent or accepted)"), method="filter_open", widget=BooleanWidget
    )
    q = django_filters.CharFilter(label=_("Person's name"), method="filter_q")

    # Without a status: every referral, in this order.
    default_status = "all"
    all_order: tuple[str, ...] = ("due_on", "id")

    class Meta(ListFilterSet.Meta):
        model = Referral
        fields: list[str] = []

    @property
    def chosen_status(self) -> str:
        return str(self.values.get("status") or self.default_status)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        qs: QuerySet[Any] = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            qs = self.filter_status(qs, "status", self.default_status)
        return qs

    def filter_status(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value in ReferralStatus.values:
            return qs.filter(status=value).order_by("due_on", "id")
        if value == "action":
            return qs.filter(status__in=OPEN_REFERRAL).order_by(
                Case(When(status=ReferralStatus.SENT, then=0), default=1),
                "due_on",
                "-created_at",
                "id",
            )
        return qs.order_by(*self.all_order)

    def filter_open(self, qs: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        return qs.filter(status__in=OPEN_REFERRAL) if value else qs

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        q = value.strip()[:100]
        if not q:
            return qs
        return qs.filter(issue__person__in=Person.objects.search(q).values("pk"))


class ReferralInboxFilter(ReferralFilter):
    """The partner's inbox opens on what needs action; "all" is newest first."""

    default_status = "action"
    all_order = ("-created_at", "-id")
