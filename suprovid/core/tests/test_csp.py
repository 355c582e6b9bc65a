"""Content-Security-Policy: scripts only from the site or with the request's nonce, and no
inline script or event handler anywhere in the templates."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def test_pages_carry_a_policy_with_a_fresh_nonce(client, alice):
    client.force_login(alice)

    first = client.get(reverse("people:list"))
    second = client.get(reverse("people:list"))

    policy = first["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert policy != second["Content-Security-Policy"]  # a new nonce per response


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("suprovid/*/templates/**/*.html")]:
        text = path.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or HANDLER.search(text):
            offenders.append(str(path.relative_to(ROOT)))

    assert offenders == []


def test_the_api_docs_page_loads_its_script_from_the_site(client, alice):
    client.force_login(alice)

    page = client.get("/api/docs/").content.decode()

    assert INLINE_SCRIPT.search(page) is None
