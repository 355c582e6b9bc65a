"""The benchmarks never write synthetic rows into a database not named for them."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from suprovid.people.models import Person


@pytest.mark.postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "args"), [("bench_import", ["--rows", "10"]), ("bench_reports", ["--issues", "10"])]
)
def test_a_benchmark_refuses_the_test_database_and_writes_nothing(
    command: str, args: list[str]
) -> None:
    before = Person.objects.count()
    with pytest.raises(CommandError, match="Refusing to write synthetic rows into “test_"):
        call_command(command, *args)
    assert Person.objects.count() == before
