"""Ukrainian is the default UI language: every catalogue must be fully translated."""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict
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


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$")


def _unquote(quoted: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), quoted[1:-1])


def _entries(po: Path) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """(msgctxt, msgid) -> Ukrainian msgstr forms, skipping fuzzy, obsolete and the header."""
    entries: dict[tuple[str | None, str], tuple[str, ...]] = {}
    for block in re.split(r"\n\s*\n", po.read_text(encoding="utf-8")):
        fields: dict[str, str] = {}
        key = ""
        fuzzy = False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif match := _KEYWORD.match(line):
                key = match.group(1)
                fields[key] = _unquote(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += _unquote(line)
            elif not line.startswith("#"):
                key = ""
        if fuzzy or not fields.get("msgid"):
            continue
        forms = tuple(v for k, v in sorted(fields.items()) if k.startswith("msgstr"))
        entries[(fields.get("msgctxt"), fields["msgid"])] = forms
    return entries


def test_a_message_has_one_ukrainian_translation_across_catalogues() -> None:
    """Django merges the apps' catalogues and the first app in INSTALLED_APPS wins, so the
    same (msgctxt, msgid) translated differently in two catalogues shows the wrong text in
    one of them. Give such strings a context (`pgettext`, `{% translate … context … %}`)."""
    seen: dict[tuple[str | None, str], dict[tuple[str, ...], list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for po in CATALOGUES:
        for key, forms in _entries(po).items():
            seen[key][forms].append(str(po.relative_to(ROOT)))
    collisions = {
        key: {" | ".join(forms): paths for forms, paths in variants.items()}
        for key, variants in seen.items()
        if len(variants) > 1
    }
    assert not collisions, "\n".join(f"{k!r}: {v}" for k, v in collisions.items())


def test_ambiguous_words_show_their_own_apps_translation() -> None:
    from django.utils import translation

    from suprovid.appeals.models import IssueStatus
    from suprovid.cases.models import CaseStatus

    with translation.override("uk"):
        assert translation.gettext("Issue") == "Питання"
        assert translation.pgettext("hand out", "Issue") == "Видати"
        assert str(IssueStatus.OPEN.label) == "відкрите"
        assert str(CaseStatus.OPEN.label) == "відкрита"
        assert translation.pgettext("legal status", "Status") == "Статус"
        assert translation.gettext("Status") == "Стан"
