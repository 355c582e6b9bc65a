"""One code per event: every audit action written anywhere is in the registry and the docs."""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib import admin

from suprovid.core.admin import AuditedAdminMixin
from suprovid.core.audit_actions import ACTIONS

ROOT = Path(__file__).resolve().parents[3]
LITERAL = re.compile(r"""action\s*=\s*["']([a-z_]+\.[a-z_]+)["']""")


def _source_codes() -> set[str]:
    codes: set[str] = set()
    for path in (ROOT / "suprovid").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        codes.update(LITERAL.findall(path.read_text(encoding="utf-8")))
    return codes


def test_every_action_code_written_in_the_source_is_registered():
    unregistered = sorted(_source_codes() - ACTIONS.keys())

    assert unregistered == [], "add them to suprovid/core/audit_actions.py"


def test_every_admin_edit_code_is_registered():
    missing = [
        f"{model._meta.model_name}.{verb}"
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, AuditedAdminMixin)
        for verb in ("created", "updated", "deleted")
        if f"{model._meta.model_name}.{verb}" not in ACTIONS
    ]

    assert missing == []


def test_the_staffing_plan_change_has_one_code_from_the_import_and_the_admin():
    assert "staffing_plan.changed" not in _source_codes()
    assert "staffingplan.updated" in ACTIONS


def test_docs_list_every_registered_code():
    text = (ROOT / "docs" / "audit-actions.md").read_text(encoding="utf-8")

    assert [code for code in ACTIONS if f"`{code}`" not in text] == []
