"""Screenshots of the main pages of a running demo (make demo), for the README and notes.

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL] [OUT_DIR]
Logs in with the demo accounts printed by `make demo`; needs Debian's chromium.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
CODES: dict[str, Any] = {}  # the current second-factor code of each demo login
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
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from suprovid.accounts.demo import DEMO_TOTP_KEY

    for device in TOTPDevice.objects.filter(key=DEMO_TOTP_KEY).select_related("user"):
        CODES[device.user.email] = device  # the code is computed at login (it lasts 30 s)
    wave = Distribution.objects.order_by("-id").first()
    direction = Direction.objects.order_by("id").first()
    return {
        "intake@demo.suprovid.test": [
            ("people-search", "/people/?q=%D0%B4%D0%B5%D0%BC%27"),
            ("appeal-intake", "/appeals/new/"),
        ],
        "specialist@demo.suprovid.test": [
            ("worklist", "/appeals/"),
            ("person-card", f"/people/{issue.person_id}/" if issue else "/people/"),
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


# (demo login, shot name): pages that must work on small office screens and on a phone.
WIDTHS = (1024, 1366, 390)
RESPONSIVE = {
    ("specialist@demo.suprovid.test", "worklist"),
    ("specialist@demo.suprovid.test", "person-card"),
    ("programmes@demo.suprovid.test", "checkin"),
}


def login(page: Page, email: str) -> None:
    page.goto(f"{BASE}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/accounts/mfa/" in page.url:  # the demo logins have the demo authenticator
        from django_otp.oath import TOTP

        d = CODES[email]
        totp = TOTP(d.bin_key, d.step, d.t0, d.digits, d.drift)
        page.fill("input[name=token]", f"{totp.token():0{d.digits}d}")
        page.click("main button[type=submit]")
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
                if (email, name) in RESPONSIVE:
                    url = page.url
                    for width in WIDTHS:
                        page.set_viewport_size(
                            {"width": width, "height": 900 if width > 500 else 844}
                        )
                        page.goto(url)
                        page.wait_for_load_state("networkidle")
                        page.screenshot(path=str(OUT / f"{name}-{width}.png"), full_page=True)
                        overflow = page.evaluate(
                            "() => document.documentElement.scrollWidth - window.innerWidth"
                        )
                        print(f"{name}-{width}", "overflow px:", overflow)
                    page.set_viewport_size({"width": 1360, "height": 900})
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
