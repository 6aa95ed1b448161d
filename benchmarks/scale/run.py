"""``python -m benchmarks.scale``: build the scale data set, serve it with gunicorn (DEBUG=0) and
measure every main page; ``--load-test`` runs locust against it instead. See README, Benchmarks.

Phases, on one PostgreSQL database (``scripts/bench-scale.sh`` starts a throw-away one):
1. the demo (``seed_demo``) and one 200-company tenant, ``bench-alone``; its pages are timed
   while it is the only tenant of its size ("alone");
2. 50 more tenants of 200 companies and Pévèle Carembault grown to ~2,000 companies, ~300 events
   and ~2,000 self-assessments; then Pévèle ("big") and ``bench-alone`` again ("among 50") are
   timed. Measuring the same tenant twice isolates the effect of the other tenants' rows (a
   second database would also differ by its caches and its statistics).
"""

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "bench-rse-2026"  # noqa: S105 - throw-away data on a throw-away database
BIG = "pevele-carembault"
ALONE = "bench-alone"
MINIMAL = "programmes/"
PHASES = (
    "big",
    "among",
    "alone",
)  # a manager's smallest signed-in page: the programme list (1 row)

# (label, path below /<tenant>/, who) — ids are filled from the built data.
PAGES = [
    ("home", "", "manager"),
    ("dashboard", "dashboard/", "manager"),
    ("companies list", "companies/", "manager"),
    ("companies ?page=2", "companies/?page=2", "manager"),
    ("companies by revenue, page 20", "companies/?sort=-revenue&page=20", "manager"),
    ("a company", "companies/{company}/", "manager"),
    ("people", "people/", "manager"),
    ("people ?page=2", "people/?page=2", "manager"),
    ("charter", "charter/", "manager"),
    ("charter, never signed", "charter/?state=never", "manager"),
    ("clubs", "clubs/", "manager"),
    ("calendar", "calendar/", "manager"),
    ("events list", "events/", "manager"),
    ("an event", "events/{event}/", "manager"),
    ("self-assessments list", "diagnostics/", "manager"),
    (
        "self-assessments, submitted, by score",
        "diagnostics/?status=submitted&sort=-score",
        "manager",
    ),
    ("a diagnostic's results", "diagnostics/{diagnostic}/results/", "manager"),
    ("campaigns list", "campaigns/", "manager"),
    ("a campaign", "campaigns/{campaign}/", "manager"),
    ("a campaign, waiting, page 2", "campaigns/{campaign}/?state=waiting&page=2", "manager"),
    ("events, past, by fill rate", "events/?when=past&sort=-fill", "manager"),
    ("frameworks", "frameworks/", "manager"),
    ("register CSV export", "companies/export.csv", "manager"),
    ("leader: home", "", "leader"),
    ("leader: self-assessments", "diagnostics/", "leader"),
    ("home, after a write", "", "manager"),
    ("leader: home, after a write", "", "leader"),
]
# The home keeps its figures and each person's to-dos until a row of the tenant is written: these
# rows move the tenant's generation on before each request, as a write by anyone would, so they
# time the home computed afresh. The query counts are always of pages computed afresh.
AFTER_A_WRITE = {"home, after a write", "leader: home, after a write"}


def production_env(workdir):
    """Production settings, on loopback without TLS (as tests/test_production_path.py does)."""
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-scale-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1,testserver",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        CELERY_TASK_ALWAYS_EAGER="1",
        # The load test signs 50 people in within seconds, all from 127.0.0.1.
        LOGIN_RATE_LIMIT="1000/m/ip",
        LOG_LEVEL="WARNING",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)  # REDIS_URL stays: the cache, as in production
    return env


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, env, workers):
        self.port = _free_port()
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "rse_platform.wsgi:application"),
                *("--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)),
                *("--timeout", "120", "--no-control-socket"),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.1)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


def _people(built, leader_email):
    return {"manager": built["manager"], "leader": leader_email}


def _paths(built):
    return [(label, f"/{built['slug']}/" + path.format(**built), who) for label, path, who in PAGES]


def time_pages(port, built, leader_email, repeat):
    """``{label: (seconds, bytes)}`` plus ``/healthz`` and the minimal page, for one tenant."""
    from .http import Browser

    browsers = {}
    for who, email in _people(built, leader_email).items():
        browsers[who] = Browser("127.0.0.1", port)
        browsers[who].login(email, PASSWORD)
    results = {
        "/healthz": Browser("127.0.0.1", port).median("/healthz", repeat),
        "minimal": browsers["manager"].median(f"/{built['slug']}/{MINIMAL}", repeat),
    }
    written = _a_write(built)
    for label, path, who in _paths(built):
        before = written if label in AFTER_A_WRITE else None
        results[label] = browsers[who].median(path, repeat, before=before)
    return results


def _a_write(built):
    """What a write in the tenant does to what the home keeps: its generation moves on."""
    from django_scopes import scopes_disabled

    from rse_platform.tenants import generations
    from rse_platform.tenants.models import Tenant

    with scopes_disabled():
        tenant_id = Tenant.objects.get(slug=built["slug"]).pk
    return lambda: generations.bump(tenant_id)


def count_queries(built, leader_email):
    """Queries per page through Django's test client, in this process, on the same database."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for who, email in _people(built, leader_email).items():
        clients[who] = Client()
        clients[who].force_login(get_user_model().objects.get(email=email))
    counts = {}
    written = _a_write(built)
    for label, path, who in [("minimal", f"/{built['slug']}/{MINIMAL}", "manager")] + _paths(built):
        written()
        with CaptureQueriesContext(connection) as queries:
            response = clients[who].get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[label] = len(queries)
    return counts


def time_renders(built):
    """Seconds to render one self-assessment PDF and one funder report (the renderers, direct)."""
    from django.utils import translation
    from django_scopes import scope

    from diagnostics.models import Diagnostic
    from diagnostics.reports import render_report
    from programmes.models import Programme
    from programmes.reports import funder_report_pdf
    from rse_platform.tenants.models import Tenant

    tenant = Tenant.objects.get(slug=built["slug"])
    timings = {}
    with scope(tenant=tenant), translation.override("fr"):
        diagnostic = Diagnostic.objects.select_related("company").get(pk=built["diagnostic"])
        programme = Programme.objects.select_related("tenant").get(pk=built["programme"])
        started = time.perf_counter()
        pdf, _name = render_report(SimpleNamespace(language="fr"), diagnostic, lambda p: None)
        timings["diagnostic PDF"] = (time.perf_counter() - started, len(pdf))
        started = time.perf_counter()
        pdf = funder_report_pdf(programme=programme)
        timings["funder report PDF"] = (time.perf_counter() - started, len(pdf))
    return timings


def analyse():
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def build(args, log):
    """Both phases' data; returns the ``Built`` of each measured tenant (as dicts)."""
    from dataclasses import asdict

    from django.core.management import call_command

    from . import data

    started = time.monotonic()
    call_command("seed_demo", password=PASSWORD, verbosity=0)
    log(f"demo seeded ({time.monotonic() - started:.0f} s)")
    small = data.Size(
        companies=args.companies, events=args.companies // 7, diagnostics=args.companies, drafts=5
    )
    alone = asdict(data.build_tenant(slug=ALONE, size=small, password=PASSWORD))
    log(f"{ALONE}: {args.companies} companies ({time.monotonic() - started:.0f} s)")
    return alone, small, started


def build_the_rest(args, small, started, log):
    from dataclasses import asdict

    from django_scopes import scopes_disabled

    from clubs.models import Event
    from companies.models import Company
    from diagnostics.models import Diagnostic

    from . import data

    for n in range(args.tenants):
        data.build_tenant(slug=f"bench-{n + 1:03d}", size=small, password=PASSWORD, seed=n)
    log(
        f"{args.tenants} tenants of {args.companies} companies ({time.monotonic() - started:.0f} s)"
    )
    with scopes_disabled():
        have = {
            "companies": Company.objects.filter(tenant__slug=BIG).count(),
            "events": Event.objects.filter(tenant__slug=BIG).count(),
            "diagnostics": Diagnostic.objects.filter(tenant__slug=BIG).count(),
        }
    size = data.Size(
        companies=max(args.big_companies - have["companies"], 0),
        events=max(args.big_events - have["events"], 0),
        diagnostics=max(args.big_diagnostics - have["diagnostics"], 0),
        campaigns=3,
        drafts=min(args.users * 2, args.big_companies // 2),
    )
    big = asdict(data.grow_demo(slug=BIG, size=size, password=PASSWORD))
    log(f"{BIG} grown to {args.big_companies} companies ({time.monotonic() - started:.0f} s)")
    return big


def table(rows, columns):
    widths = [max(len(str(c)), *(len(str(r[i])) for r in rows)) for i, c in enumerate(columns)]

    def line(cells):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join(
        [line(columns), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        + [line(r) for r in rows]
    )


def report(timings, counts, renders):
    """The one table: each page's median as multiples of /healthz and of the minimal page."""
    columns = [
        "page",
        "big ms",
        "big ×hz",
        "big ×min",
        "big KB",
        "200/50 ×min",
        "200 alone ×min",
        "among/alone",
        "q big",
        "q 200",
    ]
    rows = []
    labels = ["/healthz", "minimal"] + [label for label, _p, _w in PAGES]
    for label in labels:
        big, among, alone = (timings[k][label] for k in PHASES)

        def ratio(phase, base, label=label):
            return timings[phase][label][0] / timings[phase][base][0]

        rows.append(
            [
                label if label != "minimal" else f"minimal ({MINIMAL})",
                f"{big[0] * 1000:.1f}",
                f"{ratio('big', '/healthz'):.1f}",
                f"{ratio('big', 'minimal'):.1f}",
                f"{big[1] / 1024:.0f}",
                f"{ratio('among', 'minimal'):.1f}",
                f"{ratio('alone', 'minimal'):.1f}",
                f"{ratio('among', 'minimal') / ratio('alone', 'minimal'):.2f}",
                counts["big"].get(label, ""),
                counts["among"].get(label, ""),
            ]
        )
    text = table(rows, columns)
    # Among/alone compares the page's multiple of the minimal page in each phase: the two phases
    # run minutes apart, so raw milliseconds would also measure the machine's state in between.
    share = statistics.median(
        (timings["among"][label][0] / timings["among"]["minimal"][0])
        / (timings["alone"][label][0] / timings["alone"]["minimal"][0])
        for label in labels
    )
    text += f"\n\nmedian among/alone (×min) over {len(labels)} rows: {share:.2f}"
    for label, (seconds, size) in renders.items():
        text += f"\n{label}: {seconds * 1000:.0f} ms ({size / 1024:.0f} KB)"
    return text


def load_test(args, port, plan_path, out):
    csv_prefix = out / "locust"
    command = [
        *(sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks" / "locustfile.py")),
        *("--headless", "--users", str(args.users), "--spawn-rate", str(args.spawn_rate)),
        *("--run-time", args.run_time, "--host", f"http://127.0.0.1:{port}"),
        *("--csv", str(csv_prefix), "--only-summary", "--loglevel", "WARNING"),
    ]
    env = dict(os.environ, BENCH_PLAN=str(plan_path), BENCH_PASSWORD=PASSWORD)
    subprocess.run(command, cwd=ROOT, env=env, check=False)
    return summarise_locust(csv_prefix)


def summarise_locust(csv_prefix):
    import csv

    with open(f"{csv_prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    failures = []
    failures_path = Path(f"{csv_prefix}_failures.csv")
    if failures_path.exists():
        with open(failures_path, newline="") as handle:
            failures = list(csv.DictReader(handle))
    columns = ["request", "count", "failures", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"]
    lines = [
        [
            f"{r['Type']} {r['Name']}".strip(),
            r["Request Count"],
            r["Failure Count"],
            f"{float(r['Requests/s']):.1f}",
            r["50%"],
            r["95%"],
            r["99%"],
            f"{float(r['Max Response Time']):.0f}",
        ]
        for r in rows
    ]
    server_errors = sum(
        int(f["Occurrences"])
        for f in failures
        if "HTTPError('5" in f["Error"] or " 5" in f["Error"]
    )
    text = table(lines, columns)
    text += f"\n5xx answers: {server_errors}; CSV: {csv_prefix}_stats.csv"
    for f in failures:
        text += f"\n  failure: {f['Method']} {f['Name']}: {f['Error']} × {f['Occurrences']}"
    return text


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__)
    parser.add_argument("--tenants", type=int, default=50)
    parser.add_argument("--companies", type=int, default=200, help="per small tenant")
    parser.add_argument("--big-companies", type=int, default=2000)
    parser.add_argument("--big-events", type=int, default=300)
    parser.add_argument("--big-diagnostics", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=15, help="timed requests per page")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (load test)")
    # One worker for the timings: requests are sequential, and with several workers each cold one
    # (templates, catalogues not loaded yet) would land in the medians.
    parser.add_argument("--timing-workers", type=int, default=1)
    parser.add_argument("--load-test", action="store_true", help="run locust instead of timing")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--run-time", default="60s")
    parser.add_argument("--out", type=Path, default=None, help="folder of the results")
    args = parser.parse_args(argv)

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to an empty PostgreSQL database (scripts/bench-scale.sh does).")
    workdir = Path(tempfile.mkdtemp(prefix="rse-bench-"))
    out = args.out or workdir
    out.mkdir(parents=True, exist_ok=True)
    env = production_env(workdir)
    os.environ.update({k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"})
    os.environ["DJANGO_SETTINGS_MODULE"] = "rse_platform.settings"
    begun = time.monotonic()

    def log(message):
        print(f"[{time.monotonic() - begun:6.1f} s] {message}", flush=True)

    collectstatic = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    log("migrated")
    from django_scopes import scopes_disabled

    from rse_platform.tenants.models import Tenant

    with scopes_disabled():
        if Tenant.objects.filter(slug=ALONE).exists():
            sys.exit("The database already holds the scale data set: give an empty one.")
    alone, small, started = build(args, log)
    if collectstatic.wait() != 0:
        sys.exit("collectstatic failed")
    timings, counts = {}, {}
    alone_leader = f"leader0@{ALONE}.example.org"
    if not args.load_test:
        analyse()
        server = Gunicorn(env, args.timing_workers)
        try:
            timings["alone"] = time_pages(server.port, alone, alone_leader, args.requests)
        finally:
            server.stop()
        log(f"{ALONE} timed alone")
    big = build_the_rest(args, small, started, log)
    analyse()
    log(f"data set built in {time.monotonic() - started:.0f} s")
    plan = {"big": big, "alone": alone}
    plan_path = out / "plan.json"
    plan_path.write_text(json.dumps(plan, indent=1))
    big_leader = f"leader@{BIG}.example.org"
    server = Gunicorn(env, args.workers if args.load_test else args.timing_workers)
    try:
        if args.load_test:
            log(f"locust: {args.users} users, spawn rate {args.spawn_rate}, {args.run_time}")
            print(load_test(args, server.port, plan_path, out))
            return
        timings["big"] = time_pages(server.port, big, big_leader, args.requests)
        log(f"{BIG} timed")
        timings["among"] = time_pages(server.port, alone, alone_leader, args.requests)
        log(f"{ALONE} timed among {args.tenants} tenants")
    finally:
        server.stop()
    counts["big"] = count_queries(big, big_leader)
    counts["among"] = count_queries(alone, alone_leader)
    renders = time_renders(big)
    text = report(timings, counts, renders)
    (out / "scale.txt").write_text(text + "\n")
    (out / "scale.json").write_text(
        json.dumps({"timings": timings, "queries": counts, "renders": renders}, indent=1)
    )
    print(text)
    log(f"results in {out}")
