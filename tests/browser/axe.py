"""axe-core (vendored from npm into static/vendor/axe/) run in the page under test."""

from __future__ import annotations

from typing import Any


def violations(page: Any) -> list[dict[str, Any]]:
    """The axe-core WCAG 2.x A/AA violations of the page as it is now (HTMX state included)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # From the app's own static files (a script-src 'self' policy allows it; inline not).
        origin = page.evaluate("() => window.location.origin")
        page.add_script_tag(url=f"{origin}/static/vendor/axe/axe.min.js")
    result: list[dict[str, Any]] = page.evaluate(
        """async () => {
          const r = await window.axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
          });
          return r.violations.map(v => ({id: v.id, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
            why: (v.nodes[0].failureSummary || '').slice(0, 240)}));
        }"""
    )
    return result


def assert_accessible(page: Any, where: str = "") -> None:
    found = violations(page)
    assert not found, f"axe-core violations on {where or page.url}: {found}"
