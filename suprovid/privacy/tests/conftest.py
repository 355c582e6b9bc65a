"""The people tests' fixtures (English messages, persons on both sides of the scope line)."""

from suprovid.people.tests.conftest import client, english, olena, zh_person

__all__ = ["client", "english", "olena", "zh_person"]
