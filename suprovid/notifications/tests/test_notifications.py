"""Notifications: who is told of what, that only they see it, and the e-mail choices."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from suprovid import testing as t
from suprovid.appeals import services as s
from suprovid.appeals.tasks import send_reminders
from suprovid.appeals.tests.factories import register, sharing_consent
from suprovid.network.models import InstitutionKind
from suprovid.notifications import services
from suprovid.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal(tree):
    return t.InstitutionFactory(code="LEGAL-KR", kind=InstitutionKind.PARTNER)


@pytest.fixture
def partner(make_user, legal):
    return make_user("partner", institution=legal)


@pytest.fixture
def referral(alice, kr_centre, legal, partner):
    appeal = register(user=alice, institution=kr_centre, applicant=t.PersonFactory())
    issue = appeal.issues.get()
    sharing_consent(issue.person)
    return s.referral_send(
        actor=alice,
        issue=issue,
        institution=legal,
        due_on=timezone.localdate() + dt.timedelta(days=5),
    )


def test_the_partner_institution_is_told_of_a_new_referral(referral, partner, alice):
    told = Notification.objects.get(user=partner)
    assert told.kind == NotificationKind.REFERRAL_NEW
    assert told.url == reverse("appeals:referral_detail", args=[referral.pk])
    assert not Notification.objects.filter(user=alice).exists()


def test_the_referring_specialist_is_told_of_each_answer(referral, partner, alice):
    s.referral_accept(actor=partner, referral=referral)
    s.referral_complete(actor=partner, referral=referral, outcome_text="Надано консультацію")
    kinds = list(Notification.objects.filter(user=alice).values_list("kind", flat=True))
    assert sorted(kinds) == sorted(
        [NotificationKind.REFERRAL_ACCEPTED, NotificationKind.REFERRAL_COMPLETED]
    )


def test_a_declined_referral_tells_the_specialist(referral, partner, alice):
    s.referral_decline(actor=partner, referral=referral, reason="Не наш профіль")
    assert Notification.objects.get(user=alice).kind == NotificationKind.REFERRAL_DECLINED


def test_the_bell_counts_unread_and_the_list_shows_only_my_notifications(
    client, referral, partner, alice
):
    client.force_login(partner)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Нове направлення" in page or "New referral" in page
    assert 'id="nav-bell"' in page and "text-bg-warning" in page

    client.force_login(alice)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "New referral" not in page and "Нове направлення" not in page


def test_opening_a_notification_marks_it_read_and_goes_to_the_referral(client, referral, partner):
    note = Notification.objects.get(user=partner)
    client.force_login(partner)
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response.status_code == 302 and response.url == note.url
    note.refresh_from_db()
    assert note.read_at is not None


def test_someone_elses_notification_is_not_found(client, referral, partner, alice):
    note = Notification.objects.get(user=partner)
    client.force_login(alice)
    assert client.post(reverse("notifications:open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read_empties_the_count(client, referral, partner):
    client.force_login(partner)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=partner, read_at__isnull=True).exists()


def test_an_email_copy_goes_only_to_those_who_chose_it(
    client, alice, kr_centre, legal, partner, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(partner)
    client.post(reverse("notifications:settings"), {"kinds": [NotificationKind.REFERRAL_NEW]})
    appeal = register(user=alice, institution=kr_centre, applicant=t.PersonFactory())
    issue = appeal.issues.get()
    sharing_consent(issue.person)
    with django_capture_on_commit_callbacks(execute=True):
        s.referral_send(
            actor=alice,
            issue=issue,
            institution=legal,
            due_on=timezone.localdate() + dt.timedelta(days=5),
        )
    assert [m.to for m in mailoutbox] == [[partner.email]]


def test_no_email_copy_without_the_choice(
    alice, referral, partner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        s.referral_accept(actor=partner, referral=referral)
    assert mailoutbox == []
    assert Notification.objects.filter(user=alice).count() == 1


def test_the_daily_reminder_notifies_in_the_app_and_respects_the_email_choice(
    alice, kr_centre, mailoutbox
):
    appeal = register(
        user=alice, institution=kr_centre, applicant=t.PersonFactory(), assignee=alice
    )
    issue = appeal.issues.get()
    today = issue.due_on - dt.timedelta(days=1)
    assert send_reminders(today) == 1
    assert Notification.objects.get(user=alice).kind == NotificationKind.DEADLINE_NEAR

    services.email_choices_set(user=alice, kinds=[])
    assert send_reminders(today) == 0
    assert Notification.objects.filter(user=alice).count() == 2


def test_list_of_notifications_keeps_to_a_fixed_number_of_queries(
    client, partner, django_assert_max_num_queries
):
    for n in range(30):
        services.notify(users=[partner], kind=NotificationKind.REFERRAL_NEW, text=f"№{n}")
    client.force_login(partner)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
