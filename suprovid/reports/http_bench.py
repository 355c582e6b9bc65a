"""Time the running app over HTTP with real sessions (`bench_reports --scale national`).

Starts gunicorn on 127.0.0.1 (2 workers, DEBUG=0, the production settings) against the
bench database, logs in a specialist, an oblast coordinator and an administrator by
creating their Django sessions, and times each page `requests` times after two warm-up
requests: p50 and p95 of the whole response, and for exports the time to the first byte.
Results go to `var/bench/national-<persons>.json`; when another size was measured before,
the growth of every figure is printed next to it.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from suprovid.accounts.models import User

PORT = int(os.environ.get("BENCH_PORT", "8206"))
YEAR = {"from": "2025-01-01", "to": "2025-12-31"}


@dataclass
class Figure:
    label: str
    who: str
    path: str
    target_ms: float | None
    headers: dict[str, str] | None = None
    ttfb: bool = False


@dataclass
class Result:
    label: str
    p50: float
    p95: float
    ttfb_p50: float | None
    errors: int
    size_kb: float
    target_ms: float | None


def _one(sql: str, params: Sequence[Any] = ()) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def _session(user: User) -> str:
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The backend that answers get_user() (axes' backend only guards authenticate()).
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # Coordinators and administrators need their second factor (MFA_REQUIRED_ROLES): the
    # session is the one a TOTP login leaves, with a confirmed device of the user's.
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.save()
    return str(store.session_key)


def _figures() -> tuple[list[Figure], dict[str, Any]]:
    """The pages to time, with ids taken from the bench database."""
    # The oblast with the most persons, its coordinator, and its busiest specialist.
    oblast = _one(
        "SELECT u.territory_id FROM accounts_user u WHERE u.role = 'coordinator' "
        "ORDER BY (SELECT count(*) FROM people_person p WHERE p.territory_id >= substr("
        "u.territory_id, 1, 4) AND p.territory_id < substr(u.territory_id, 1, 4) || 'z') DESC "
        "LIMIT 1"
    )
    prefix = oblast[:4]
    specialist = _one(
        "SELECT assignee_id FROM appeals_issue WHERE status <> 'closed' AND territory_id LIKE "
        "%s GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
        [prefix + "%"],
    )
    person = _one(
        "SELECT id FROM people_person WHERE rnokpp <> '' AND phone <> '' AND territory_id LIKE "
        "%s ORDER BY id LIMIT 1",
        [prefix + "%"],
    )
    rnokpp = _one("SELECT rnokpp FROM people_person WHERE id = %s", [person])
    phone = _one("SELECT phone FROM people_person WHERE id = %s", [person])
    issue = _one("SELECT id FROM appeals_issue WHERE assignee_id = %s LIMIT 1", [specialist])
    info = {"oblast": oblast, "specialist": specialist, "person": person, "issue": issue}
    o = {"territory": oblast}
    hx = {"HX-Request": "true"}
    figures = [
        Figure("specialist work list", "specialist", "/appeals/", 50),
        Figure("specialist work list, overdue", "specialist", "/appeals/?due=overdue", 50),
        Figure("coordinator work list, oblast", "coordinator", "/appeals/", 100),
        Figure("coordinator work list, page 50", "coordinator", "/appeals/?page=50", 100),
        Figure("people list, first page", "coordinator", "/people/", 100),
        Figure("people search, surname fragment", "coordinator", "/people/?q=шевч", 100),
        Figure("people search, 2 letters", "coordinator", "/people/?q=ко", 100),
        Figure("people search, Latin", "coordinator", "/people/?q=kovalenko", 100),
        Figure("people search, РНОКПП", "coordinator", f"/people/?q={rnokpp}", 100),
        Figure("people search, phone", "coordinator", f"/people/?q={phone[-9:]}", 100),
        Figure("API persons search", "coordinator", "/api/v1/persons/?search=шевч", 100),
        Figure(
            "intake person search (HTMX)",
            "specialist",
            "/appeals/new/person-search/?q=шевч",
            100,
            headers=hx,
        ),
        Figure("person card", "coordinator", f"/people/{person}/", None),
        Figure("issue page", "specialist", f"/appeals/issues/{issue}/", None),
        Figure("dashboard, oblast-year", "coordinator", "/reports/?" + urlencode(YEAR), 300),
        Figure("dashboard, national-year", "admin", "/reports/?" + urlencode(YEAR), 300),
        Figure(
            "API summary, oblast-year",
            "coordinator",
            "/api/v1/reports/summary/?" + urlencode({**YEAR, **o}),
            300,
        ),
        Figure(
            "API summary, national-year",
            "admin",
            "/api/v1/reports/summary/?" + urlencode(YEAR),
            300,
        ),
        Figure(
            "open data, oblast by hromada",
            "coordinator",
            "/api/v1/reports/open-data/?" + urlencode({**YEAR, **o, "level": 3}),
            300,
        ),
        Figure(
            "open data, national by raion",
            "admin",
            "/api/v1/reports/open-data/?" + urlencode({**YEAR, "level": 2}),
            300,
        ),
        Figure(
            "quarterly report, oblast",
            "coordinator",
            "/reports/quarterly/?" + urlencode({"year": 2025, "quarter": 4, **o}),
            None,
        ),
        Figure(
            "quarterly report, national",
            "admin",
            "/reports/quarterly/?" + urlencode({"year": 2025, "quarter": 4}),
            None,
        ),
        Figure(
            "work-list export CSV, oblast",
            "coordinator",
            "/appeals/?export=csv",
            1000,
            ttfb=True,
        ),
        Figure(
            "work-list export XLSX, oblast",
            "coordinator",
            "/appeals/?export=xlsx",
            1000,
            ttfb=True,
        ),
    ]
    return figures, info


def _get(cookie: str, figure: Figure) -> tuple[float, float, int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    headers = {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}",
        # Behind the TLS proxy, as in production (SECURE_PROXY_SSL_HEADER).
        "X-Forwarded-Proto": "https",
        "Accept-Language": "uk",
        **(figure.headers or {}),
    }
    started = time.perf_counter()
    conn.request("GET", quote(figure.path, safe="/?=&%:+"), headers=headers)
    response = conn.getresponse()
    first = response.read(1)
    ttfb = time.perf_counter() - started
    body = first + response.read()
    total = time.perf_counter() - started
    conn.close()
    return total, ttfb, response.status, len(body)


def _start_server(log: Callable[[str], None]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "config.settings.base"}
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    newest = max(
        (
            f.stat().st_mtime
            for d in [
                *settings.STATICFILES_DIRS,
                *Path(settings.BASE_DIR).glob("suprovid/*/static"),
            ]
            for f in Path(d).rglob("*")
        ),
        default=0.0,
    )
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        log("collectstatic (the production settings serve hashed static files) …")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
    # The sessions were signed here, so the server must share this SECRET_KEY.
    env["SECRET_KEY"] = str(settings.SECRET_KEY)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(  # noqa: S603
        [
            *(gunicorn, "config.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", "2"),
            *("--timeout", "60", "--log-level", "warning"),
        ],
        cwd=settings.BASE_DIR,
        env=env,
    )
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/")
            break
        except OSError:
            time.sleep(0.2)
    log(f"gunicorn pid {server.pid} on 127.0.0.1:{PORT}, 2 workers, DEBUG=0")
    return server


def _stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def run(*, requests: int, log: Callable[[str], None] = print) -> list[Result]:
    """Time every figure over HTTP and print one table; returns the results."""
    persons = _one("SELECT count(*) FROM people_person")
    issues = _one("SELECT count(*) FROM appeals_issue")
    figures, info = _figures()
    # BENCH_ONLY="people,coordinator work list": time only the figures starting so.
    only = [p.strip() for p in os.environ.get("BENCH_ONLY", "").split(",") if p.strip()]
    if only:
        figures = [f for f in figures if f.label.startswith(tuple(only))]
    users = {
        "specialist": User.objects.get(pk=info["specialist"]),
        "coordinator": User.objects.get(role="coordinator", territory_id=info["oblast"]),
        "admin": User.objects.filter(is_superuser=True).order_by("pk").first(),
    }
    cookies = {who: _session(u) for who, u in users.items() if u is not None}
    connection.close()  # the server's workers need the database, not this idle connection
    server = _start_server(log)
    results: list[Result] = []
    try:
        for figure in figures:
            cookie = cookies[figure.who]
            totals, ttfbs, errors, size, bad = [], [], 0, 0, 0
            for n in range(requests + 2):
                total, ttfb, status, size = _get(cookie, figure)
                if status != 200:
                    errors += 1
                    bad = status
                if n >= 2:
                    totals.append(total * 1000)
                    ttfbs.append(ttfb * 1000)
            result = Result(
                figure.label,
                statistics.median(totals),
                _percentile(totals, 95),
                statistics.median(ttfbs) if figure.ttfb else None,
                errors,
                size / 1024,
                figure.target_ms,
            )
            results.append(result)
            log(_row(result, {}) + (f" (HTTP {bad})" if errors else ""))
    finally:
        _stop_server(server)
    out = Path(settings.BASE_DIR) / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"national-{persons}.json").write_text(
        json.dumps(
            {"persons": persons, "issues": issues, "results": [r.__dict__ for r in results]},
            ensure_ascii=False,
            indent=1,
        )
    )
    earlier = _earlier(out, persons)
    log(
        f"\nNational bench, {persons:,} persons / {issues:,} issues, {requests} requests per "
        f"figure (ms; growth against {earlier[0]:,} persons)"
        if earlier
        else f"\nNational bench, {persons:,} persons / {issues:,} issues, {requests} requests "
        "per figure (ms)"
    )
    log(_header())
    for r in results:
        log(_row(r, earlier[1] if earlier else {}))
    return results


# The mix of pages for `run_mix`: what a working day looks like (issue #13: "search, work
# list, card, dashboard"), weights out of 100.
MIX = {
    "specialist work list": 25,
    "people search, surname fragment": 15,
    "intake person search (HTMX)": 15,
    "person card": 20,
    "issue page": 10,
    "coordinator work list, oblast": 10,
    "dashboard, oblast-year": 5,
}


def run_mix(*, users: int, seconds: float, log: Callable[[str], None] = print) -> dict[str, Any]:
    """`users` simulated users, each requesting pages of MIX one after another (no think
    time) for `seconds`, against the same 2-worker server: throughput, errors and p50/p95
    per page and overall. Loopback only; bounded by `seconds`."""
    import random
    import threading

    figures, info = _figures()
    by_label = {f.label: f for f in figures}
    mix = [(by_label[label], weight) for label, weight in MIX.items()]
    accounts = {
        "specialist": User.objects.get(pk=info["specialist"]),
        "coordinator": User.objects.get(role="coordinator", territory_id=info["oblast"]),
    }
    cookies = {who: _session(u) for who, u in accounts.items()}
    connection.close()
    server = _start_server(log)
    samples: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def user(n: int) -> None:
        rng = random.Random(n)
        pages = [f for f, _w in mix]
        weights = [w for _f, w in mix]
        while time.perf_counter() < deadline:
            figure = rng.choices(pages, weights)[0]
            try:
                total, _ttfb, status, _size = _get(cookies[figure.who], figure)
            except OSError:
                total, status = 0.0, 0
            with lock:
                samples.append((figure.label, total * 1000, status))

    try:
        for figure, _w in mix:  # warm-up: one of each
            _get(cookies[figure.who], figure)
        started = time.perf_counter()
        deadline = started + seconds
        threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        _stop_server(server)
    errors = [s for s in samples if s[2] != 200]
    report: dict[str, Any] = {
        "users": users,
        "seconds": round(elapsed, 1),
        "requests": len(samples),
        "per_second": round(len(samples) / elapsed, 1),
        "errors": len(errors),
        "pages": {},
    }
    log(
        f"\n{users} concurrent users for {elapsed:.0f} s, 2 workers: {len(samples)} requests, "
        f"{report['per_second']} requests/s, {len(errors)} errors"
    )
    log(f"{'page':<42}{'requests':>9}{'p50':>9}{'p95':>9}")
    rows = [*MIX, "all"]
    for label in rows:
        times = [t for lab, t, st in samples if (label == "all" or lab == label) and st == 200]
        if not times:
            continue
        p50, p95 = statistics.median(times), _percentile(times, 95)
        report["pages"][label] = {"requests": len(times), "p50": p50, "p95": p95}
        log(f"{label:<42}{len(times):>9}{p50:>9.0f}{p95:>9.0f}")
    if errors:
        log(f"errors (HTTP status: count): {_count_statuses(errors)}")
    return report


def _count_statuses(errors: list[tuple[str, float, int]]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for _label, _t, status in errors:
        counts[status] = counts.get(status, 0) + 1
    return counts


def _earlier(out: Path, persons: int) -> tuple[int, dict[str, dict[str, Any]]] | None:
    """The largest other size measured before, for the growth column."""
    others = []
    for path in out.glob("national-*.json"):
        data = json.loads(path.read_text())
        if data["persons"] != persons:
            others.append((data["persons"], {r["label"]: r for r in data["results"]}))
    return max(others, key=lambda o: o[0]) if others else None


def _header() -> str:
    return (
        f"{'figure':<36} {'p50':>8} {'p95':>8} {'TTFB':>7} {'KB':>7} {'target':>7} "
        f"{'verdict':<9} growth p95"
    )


def _row(r: Result, earlier: dict[str, dict[str, Any]]) -> str:
    if r.errors:
        verdict = f"{r.errors} errors"
    elif r.target_ms is None:
        verdict = ""
    else:
        measured = r.ttfb_p50 if r.ttfb_p50 is not None else r.p95
        verdict = "met" if measured < r.target_ms else "MISSED"
    growth = ""
    if r.label in earlier and earlier[r.label]["p95"]:
        growth = f"×{r.p95 / earlier[r.label]['p95']:.1f}"
    ttfb = f"{r.ttfb_p50:7.0f}" if r.ttfb_p50 is not None else " " * 7
    target = f"{r.target_ms:7.0f}" if r.target_ms else " " * 7
    return (
        f"{r.label:<36} {r.p50:8.1f} {r.p95:8.1f} {ttfb} {r.size_kb:7.0f} {target} "
        f"{verdict:<9} {growth}"
    )
