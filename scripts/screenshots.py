"""Screenshots of the main pages of a running demo (make demo), for the README and notes.

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL] [OUT_DIR]
Logs in with the demo accounts printed by `make demo`; needs Debian's chromium.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
PASSWORD = "suprovid-demo-2025"  # noqa: S105  (the demo password make demo prints)


def pages() -> dict[str, list[tuple[str, str]]]:
    """Pages per demo login; ids come from the demo database (same DATABASE_URL)."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from suprovid.appeals.models import Issue
    from suprovid.programmes.models import Direction, Distribution

    mine = Issue.objects.filter(assignee__email="specialist@demo.suprovid.test")
    issue = mine.filter(activities__isnull=False).order_by("-id").first() or mine.first()
    wave = Distribution.objects.order_by("-id").first()
    direction = Direction.objects.order_by("id").first()
    return {
        "intake@demo.suprovid.test": [
            ("people-search", "/people/?q=%D0%B4%D0%B5%D0%BC%27"),
            ("appeal-intake", "/appeals/new/"),
        ],
        "specialist@demo.suprovid.test": [
            ("worklist", "/appeals/"),
            ("person-card", "FIRST:/people/ a[href^='/people/']"),
            ("issue-timeline", f"/appeals/issues/{issue.pk}/" if issue else "/appeals/"),
        ],
        "coordinator@demo.suprovid.test": [
            ("dashboard", "/reports/"),
            ("coordinator-worklist", "/appeals/?assignee=all"),
            ("positions", "/network/"),
        ],
        "programmes@demo.suprovid.test": [
            ("catalogue", "/programmes/"),
            (
                "checkin",
                f"/programmes/waves/{wave.pk}/checkin/?q=%D0%BA%D0%BE%D0%B2"
                if wave
                else "/programmes/",
            ),
            (
                "budget",
                f"/programmes/directions/{direction.pk}/" if direction else "/programmes/",
            ),
        ],
        "auditor@demo.suprovid.test": [("audit", "/audit/")],
    }


def login(page: Page, email: str) -> None:
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium")
    plan = pages()  # database look-ups before Playwright starts its event loop
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for email, shots in plan.items():
            context = browser.new_context(locale="uk-UA", viewport={"width": 1360, "height": 900})
            page = context.new_page()
            login(page, email)
            for name, path in shots:
                if path.startswith("FIRST:"):
                    list_path, selector = path[6:].split(" ", 1)
                    page.goto(f"{BASE}{list_path}")
                    page.locator(f"#results {selector}").first.click()
                else:
                    page.goto(f"{BASE}{path}")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)
                print(name, page.url)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
