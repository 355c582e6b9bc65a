"""Factories of the network app's tests (shared ones are in suprovid.testing)."""

from __future__ import annotations

from suprovid import testing as t
from suprovid.network.models import SINCE_ALWAYS, Institution


def staffed(institution: Institution, *, planned: int, filled: int) -> Institution:
    """`institution` with a plan of `planned` positions and `filled` active specialists."""
    t.plan_positions(institution, planned, SINCE_ALWAYS)
    for _ in range(filled):
        t.SpecialistFactory(institution=institution)
    return institution
