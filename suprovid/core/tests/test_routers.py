"""Reports read from the replica; writes and reads after writes stay on the primary."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.test import RequestFactory

from suprovid.accounts.models import User
from suprovid.appeals.models import Issue
from suprovid.core import routers
from suprovid.core.models import AuditEntry
from suprovid.core.routers import ReplicaRouter, replica_reads, wants_replica
from suprovid.people.models import Person

router = ReplicaRouter()


@pytest.fixture
def replica(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(routers, "has_replica", lambda: True)


def test_without_a_replica_every_read_goes_to_the_primary() -> None:
    with replica_reads():
        assert router.db_for_read(Issue) == "default"


def test_report_reads_go_to_the_replica(replica: None) -> None:
    with replica_reads():
        assert router.db_for_read(Issue) == "replica"
        assert router.db_for_read(Person) == "replica"
    assert router.db_for_read(Issue) == "default"  # outside a report request


def test_writes_go_to_the_primary_and_later_reads_follow_them(replica: None) -> None:
    with replica_reads():
        assert router.db_for_write(Issue) == "default"
        assert router.db_for_read(Issue) == "default"
        assert router.db_for_read(Person) == "default"


def test_an_audit_entry_or_session_write_does_not_move_the_reads(replica: None) -> None:
    with replica_reads():
        assert router.db_for_write(AuditEntry) == "default"
        assert router.db_for_write(Session) == "default"
        assert router.db_for_read(Issue) == "replica"


def test_accounts_and_sessions_are_always_read_from_the_primary(replica: None) -> None:
    with replica_reads():
        assert router.db_for_read(User) == "default"
        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(AuditEntry) == "default"


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_stay_on_the_primary(replica: None) -> None:
    with replica_reads(), transaction.atomic():
        assert router.db_for_read(Issue) == "default"


def test_nothing_migrates_on_the_replica() -> None:
    assert router.allow_migrate("replica", "appeals") is False
    assert router.allow_migrate("default", "appeals") is True


def test_only_read_only_report_and_export_requests_use_the_replica() -> None:
    rf = RequestFactory()
    assert wants_replica(rf.get("/reports/"))
    assert wants_replica(rf.get("/api/v1/reports/summary/"))
    assert wants_replica(rf.get("/appeals/", {"export": "csv"}))
    assert not wants_replica(rf.get("/appeals/"))
    assert not wants_replica(rf.post("/reports/quarterly/"))
