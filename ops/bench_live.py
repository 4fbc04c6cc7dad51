#!/usr/bin/env python
"""`make bench` (second part) and `make lighthouse`: the shop served as production serves it, measured from outside.

Starts on 127.0.0.1 (all stopped at the end): a fresh PostgreSQL database ``tm_bench_live``, migrated and seeded
with the demo; a Redis of its own; gunicorn with production settings (DEBUG off, static files by whitenoise,
Redis cache and sessions) through ``ops.bench_settings`` = production settings + one extra URL, a bare Django view
rendering a template of a given size (the yardstick). Then:

* Lighthouse (npm ``lighthouse``, pinned, installed in var/lighthouse; Debian's chromium, mobile preset) on home,
  product, cart and checkout (the first step; the cart's session cookie is passed as a header): the four scores.
* Throughput (issue 20's table): the demo grown to 10,000 products, 1,000 verified reviews on the measured product
  (``demo/bench/live.py``); gunicorn with 2 sync workers; Debian's ``wrk`` (1 thread, 8 connections, no cookie:
  an anonymous visitor) on the product page, a top-level category, home and search ``?q=kettle``, each followed
  by the bare view at the same byte size, in interleaved rounds (page, bare, next page, bare, ... then again), so
  a noisy neighbour on the machine slows both sides alike. Prints, per page, the median over the rounds of
  requests/s, p50 and p95 latency for the page and its bare view, and the ratio page/bare (range over rounds).

Server start-up reuses ops/loadtest.py's helpers (Stack, free_port, wait_port, run)."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from ops import loadtest  # noqa: E402

OUT = ROOT / "var" / "bench"
DB_NAME = "tm_bench_live"
LIGHTHOUSE_VERSION = "12.8.2"  # the newest whose engines accept Debian's node 20
LIGHTHOUSE_DIR = ROOT / "var" / "lighthouse"
LIGHTHOUSE_CLI = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}


def fresh_database(admin_url: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return urlparse(admin_url)._replace(path=f"/{DB_NAME}").geturl()


def drop_database(admin_url: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def start_shop(stack: loadtest.Stack, pg_url: str, workers: int) -> tuple[str, dict]:
    redis_port, shop_port = loadtest.free_port(), loadtest.free_port()
    stack.start("redis", ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "",
                          "--appendonly", "no"])
    loadtest.wait_port(redis_port)
    base = f"http://127.0.0.1:{shop_port}"
    common = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "DJANGO_SETTINGS"))},
        "DATABASE_URL": fresh_database(pg_url),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "REDIS_PAGES_URL": f"redis://127.0.0.1:{redis_port}/1",  # one Redis here, no maxmemory to hit
        "STRIPE_API_BASE": "http://127.0.0.1:9",
        "STRIPE_SECRET_KEY": "sk_test_bench",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_bench",
        "STRIPE_WEBHOOK_SECRET": "whsec_bench_" + secrets.token_hex(8),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "SHOP_BASE_URL": base.replace("http:", "https:", 1),  # production refuses a plain-http link base
        "MEDIA_ROOT": str(OUT / "media"),
    }
    prod = {
        **common,
        "TRUSTMARK_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "TRUSTMARK_ALLOW_LOCAL_STRIPE": "1",
    }
    manage = [sys.executable, "manage.py"]
    loadtest.run([*manage, "migrate", "--noinput", "-v", "0"], prod, "migrate")
    loadtest.run([*manage, "collectstatic", "--noinput", "-v", "0"], prod, "collectstatic")
    loadtest.run([*manage, "seed_demo"], {**common, "TRUSTMARK_ENV": "dev"}, "seed_demo")
    stack.start("gunicorn", [
        sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{shop_port}",
        "--workers", str(workers), "--timeout", "30", "--preload", "--no-control-socket",
    ], {**prod, "DJANGO_SETTINGS_MODULE": "ops.bench_settings"})
    loadtest.wait_port(shop_port)
    for _attempt in range(60):
        try:
            if fetch(base, "/healthz")[0] == 200:
                break
        except OSError:
            pass
        time.sleep(1)
    return base, prod


def fetch(base: str, path: str, headers: dict | None = None) -> tuple[int, bytes, http.client.HTTPResponse]:
    parsed = urlparse(base)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read(), response
    finally:
        conn.close()


def demo_paths(prod_env: dict, *, products: int, reviews: int) -> dict[str, str]:
    """Grow the demo to the measured size (demo/bench/live.py) and return the paths to measure."""
    out = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", (
            "import json; from demo.bench.live import live_bench_prepare; "
            f"print(json.dumps(live_bench_prepare(products={products}, reviews={reviews})))"
        )],
        cwd=ROOT, env=prod_env, capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def session_with_cart(base: str, paths: dict) -> str:
    """A visitor's session id with one product in the cart (the session cookie is Secure: sent by hand)."""
    import requests

    http_session = requests.Session()
    http_session.headers["Referer"] = base + "/"
    http_session.get(base + paths["product"], timeout=30)
    # The product page is shared by every cookie-free visitor: its form fetches the token (static/js/csrf.js).
    answer = http_session.get(base + "/csrf/", timeout=30)
    token = answer.json()["token"]
    cookies = {c.name: c.value for c in http_session.cookies} or dict(answer.cookies)
    answer = http_session.post(base + f"/cart/add/{paths['product_id']}/", data={
        "quantity": "1", "csrfmiddlewaretoken": token}, cookies=cookies, allow_redirects=False, timeout=30)
    session_id = answer.cookies.get("sessionid") or cookies.get("sessionid")
    if not session_id:
        raise SystemExit(f"could not fill a cart: HTTP {answer.status_code}")
    return session_id


def lighthouse_install() -> None:
    package = LIGHTHOUSE_CLI.parent.parent / "package.json"
    if package.exists() and json.loads(package.read_text()).get("version") == LIGHTHOUSE_VERSION:
        return
    print(f"Installing lighthouse {LIGHTHOUSE_VERSION} into {LIGHTHOUSE_DIR} (npm) ...", flush=True)
    subprocess.run(["npm", "install", "--prefix", str(LIGHTHOUSE_DIR), "--no-audit", "--no-fund",  # noqa: S603,S607
                    f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True, capture_output=True)


def lighthouse(base: str, paths: dict) -> list[tuple[str, dict[str, int]]]:
    if not shutil.which("node") or not Path(CHROME).exists():
        raise SystemExit("lighthouse needs node and Debian's chromium (make test-deps)")
    lighthouse_install()
    session_id = session_with_cart(base, paths)
    pages = [
        ("home", "/", None),
        ("product", paths["product"], None),
        ("cart", "/cart/", session_id),
        ("checkout", "/checkout/address/", session_id),
    ]
    results = []
    for name, path, session in pages:
        report = OUT / f"lighthouse-{name}.json"
        argv = [
            "node", str(LIGHTHOUSE_CLI), base + path, "--output=json", f"--output-path={report}", "--quiet",
            "--chrome-flags=--headless --no-sandbox --disable-gpu",
            f"--only-categories={','.join(CATEGORIES)}",
        ]
        if session:
            argv.append("--extra-headers=" + json.dumps({"Cookie": f"sessionid={session}"}))
        # Lighthouse sometimes fails to record the trace (NO_NAVSTART: "Please run Lighthouse again"): retry twice.
        for attempt in range(3):
            run = subprocess.run(argv, cwd=ROOT, env={**os.environ, "CHROME_PATH": CHROME},  # noqa: S603
                                 capture_output=True, timeout=180)
            data = json.loads(report.read_text()) if report.exists() else {}
            if run.returncode == 0 and data and not data.get("runtimeError"):
                break
            if attempt == 2:
                raise RuntimeError(f"Lighthouse failed on {path}: {data.get('runtimeError') or run.stderr[-500:]}")
            report.unlink(missing_ok=True)
        results.append((name, {c: round((data["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}))
    return results


# wrk prints its own summary; this script makes it print the figures the table needs as one JSON line.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def wrk(url: str, seconds: float, connections: int) -> dict:
    """One wrk run (1 thread, ``connections`` connections, no cookie): requests/s, p50 and p95 in ms, errors."""
    script = OUT / "wrk-report.lua"
    script.write_text(WRK_REPORT)
    run = subprocess.run(  # noqa: S603
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "-s", str(script), url],  # noqa: S607
        capture_output=True, text=True, check=True,
    )
    report = json.loads(run.stdout.strip().splitlines()[-1])
    return {
        "rps": report["requests"] / (report["duration_us"] / 1e6),
        "p50": report["p50_us"] / 1000,
        "p95": report["p95_us"] / 1000,
        "errors": report["errors"],
    }


PAGES = ("product", "category", "home", "search")


def throughput(base: str, paths: dict, *, seconds: float, connections: int, rounds: int,
               pages: tuple[str, ...] = PAGES) -> list[dict]:
    """Interleaved rounds: each page, then the bare view at its byte size; the figures of every round."""
    pages = [(name, paths[name]) for name in pages]
    bare = {name: f"/__bench/bare/{len(fetch(base, path)[1])}/" for name, path in pages}
    for name, path in pages:  # warm: every worker's caches and connections, as on a live shop
        wrk(base + path, 2, connections)
        wrk(base + bare[name], 1, connections)
    rows = {name: {"page": name, "bytes": int(bare[name].split("/")[-2]), "shop": [], "bare": []}
            for name, _path in pages}
    for round_number in range(rounds):
        print(f"  round {round_number + 1}/{rounds} ...", flush=True)
        for name, path in pages:
            rows[name]["shop"].append(wrk(base + path, seconds, connections))
            rows[name]["bare"].append(wrk(base + bare[name], seconds, connections))
    return list(rows.values())


def throughput_print(rows: list[dict]) -> None:
    def median(runs: list[dict], key: str) -> float:
        return statistics.median(run[key] for run in runs)

    print(f"{'page':<9} {'bytes':>7} | {'shop req/s':>17} {'p50 ms':>7} {'p95 ms':>7} | "
          f"{'bare req/s':>17} {'p50 ms':>7} {'p95 ms':>7} | {'ratio':>5} {'(range)':>11}")
    for row in rows:
        shop, bare = row["shop"], row["bare"]
        ratios = [s["rps"] / b["rps"] if b["rps"] else 0.0 for s, b in zip(shop, bare, strict=True)]
        shop_range = f"{min(r['rps'] for r in shop):.0f}-{max(r['rps'] for r in shop):.0f}"
        bare_range = f"{min(r['rps'] for r in bare):.0f}-{max(r['rps'] for r in bare):.0f}"
        errors = sum(r["errors"] for r in shop + bare)
        print(f"{row['page']:<9} {row['bytes']:>7} | {median(shop, 'rps'):>6.0f} {shop_range:>10} "
              f"{median(shop, 'p50'):>7.1f} {median(shop, 'p95'):>7.1f} | {median(bare, 'rps'):>6.0f} "
              f"{bare_range:>10} {median(bare, 'p50'):>7.1f} {median(bare, 'p95'):>7.1f} | "
              f"{statistics.median(ratios):>5.3f} {min(ratios):.3f}-{max(ratios):.3f}"
              + (f"  ({errors} errors)" if errors else ""), flush=True)
    print("  req/s: median and range over the rounds; p50/p95: median over the rounds; ratio: page / bare view in "
          "the same round.\n  bare: a Django view on the same server rendering a template of the same byte "
          "size (same middleware, no database).")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["lighthouse", "throughput"], help="run one part only")
    parser.add_argument("--seconds", type=float, default=10.0, help="wrk time per page and round")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (page, bare view, next page...)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (one wrk thread)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--products", type=int, default=10_000, help="catalogue size")
    parser.add_argument("--reviews", type=int, default=1_000, help="published reviews on the measured product")
    parser.add_argument("--pages", default=",".join(PAGES), help="pages to measure (comma-separated)")
    parser.add_argument("--db-name", default=DB_NAME, help="the database to create, measure and drop")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    args = parser.parse_args()
    globals()["DB_NAME"] = args.db_name  # another bench (another worktree) may be running on the same PostgreSQL
    OUT.mkdir(parents=True, exist_ok=True)
    loadtest.OUT = OUT  # the Stack's process logs go to var/bench/
    stack = loadtest.Stack()
    failed = False
    try:
        print(f"Preparing PostgreSQL ({DB_NAME}), Redis and gunicorn (production settings) on 127.0.0.1 ...",
              flush=True)
        base, prod = start_shop(stack, args.pg_url, args.workers)
        paths = demo_paths(prod, products=args.products, reviews=args.reviews)
        if args.only in (None, "lighthouse"):
            print("\nLighthouse (mobile preset, Debian's chromium)")
            print(f"{'page':<10} " + " ".join(f"{c:>15}" for c in CATEGORIES))
            for name, scores in lighthouse(base, paths):
                marks = []
                for c in CATEGORIES:
                    ok = scores[c] >= TARGETS[c]
                    failed |= not ok
                    marks.append(f"{scores[c]:>13} {'✓' if ok else '✗'}")
                print(f"{name:<10} " + " ".join(marks), flush=True)
            print("  targets: performance >= 95, accessibility 100, best practices >= 95, SEO >= 95; "
                  f"reports in {OUT.relative_to(ROOT)}/lighthouse-*.json")
        if args.only in (None, "throughput"):
            if not shutil.which("wrk"):
                raise SystemExit("the throughput part needs Debian's wrk (apt-get install wrk; `make bench` does)")
            print(f"\nThroughput: gunicorn, {args.workers} sync workers, production settings, PostgreSQL + Redis; "
                  f"{args.products:,} products, {args.reviews:,} reviews on the product; wrk 1 thread, "
                  f"{args.connections} connections, no cookies; {args.rounds} rounds of {args.seconds:g} s per page")
            pages = tuple(page for page in args.pages.split(",") if page in PAGES)
            throughput_print(throughput(base, paths, seconds=args.seconds, connections=args.connections,
                                        rounds=args.rounds, pages=pages))
    finally:
        stack.stop_all()
        try:
            drop_database(args.pg_url)
        except Exception as exc:  # noqa: BLE001 - cleanup must not hide the figures
            print(f"(could not drop {DB_NAME}: {exc})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
