"""Ukrainian is the default UI language: every catalogue must be fully translated."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CATALOGUES = sorted(
    p
    for p in ROOT.glob("**/locale/uk/LC_MESSAGES/django.po")
    if ".venv" not in p.parts and "node_modules" not in p.parts
)


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_ukrainian_catalogue_has_no_untranslated_or_fuzzy_strings(po: Path) -> None:
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr, result.stderr
    assert "fuzzy" not in result.stderr, result.stderr
