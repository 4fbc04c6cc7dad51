#!/usr/bin/env python
"""`make bench` (second part) and `make lighthouse`: the shop served as production serves it, measured from outside.

Starts on 127.0.0.1 (all stopped at the end): a fresh PostgreSQL database ``tm_bench_live``, migrated and seeded
with the demo; a Redis of its own; gunicorn with production settings (DEBUG off, static files by whitenoise,
Redis cache and sessions) through ``ops.bench_settings`` = production settings + one extra URL, a bare Django view
rendering a template of a given size (the yardstick). Then:

* Lighthouse (npm ``lighthouse``, pinned, installed in var/lighthouse; Debian's chromium, mobile preset) on home,
  product, cart and checkout (the first step; the cart's session cookie is passed as a header): the four scores.
* Throughput: a local load generator (threads, a new connection per request as gunicorn's sync workers close
  them) requests home, a category and a product for a fixed time, then the bare view at the same byte size;
  prints requests/s, p50 and p95 for each and the ratio shop/bare.

Server start-up reuses ops/loadtest.py's helpers (Stack, free_port, wait_port, run)."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
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
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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


def demo_paths(prod_env: dict) -> dict[str, str]:
    out = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", (
            "import json; from shop.models import Category, Product; "
            "p = Product.objects.filter(is_active=True, stock__gt=2).order_by('pk').first(); "
            "c = Category.objects.filter(parent__isnull=False).order_by('pk').first(); "
            "print(json.dumps({'product': p.get_absolute_url(), 'product_id': p.pk, "
            "'category': c.get_absolute_url()}))"
        )],
        cwd=ROOT, env=prod_env, capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def session_with_cart(base: str, paths: dict) -> str:
    """A visitor's session id with one product in the cart (the session cookie is Secure: sent by hand)."""
    import requests

    http_session = requests.Session()
    http_session.headers["Referer"] = base + "/"
    page = http_session.get(base + paths["product"], timeout=30)
    token = CSRF_RE.search(page.text).group(1)
    cookies = {c.name: c.value for c in http_session.cookies}
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


def load(base: str, path: str, seconds: float, concurrency: int) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        mine = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _body, _r = fetch(base, path)
            except OSError:
                status = 0
            mine.append(time.perf_counter() - started)
            if status != 200:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "rps": len(latencies) / elapsed,
        "p50": loadtest.percentile([x * 1000 for x in latencies], 50),
        "p95": loadtest.percentile([x * 1000 for x in latencies], 95),
        "errors": errors[0],
        "requests": len(latencies),
    }


def throughput(base: str, paths: dict, seconds: float, concurrency: int) -> list[tuple[str, int, dict, dict]]:
    rows = []
    for name, path in (("home", "/"), ("category", paths["category"]), ("product", paths["product"])):
        size = len(fetch(base, path)[1])
        fetch(base, f"/__bench/bare/{size}/")
        shop = load(base, path, seconds, concurrency)
        bare = load(base, f"/__bench/bare/{size}/", seconds, concurrency)
        rows.append((name, size, shop, bare))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=["lighthouse", "throughput"], help="run one part only")
    parser.add_argument("--seconds", type=float, default=10.0, help="load time per page")
    parser.add_argument("--concurrency", type=int, default=8, help="load generator threads")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    loadtest.OUT = OUT  # the Stack's process logs go to var/bench/
    stack = loadtest.Stack()
    failed = False
    try:
        print(f"Preparing PostgreSQL ({DB_NAME}), Redis and gunicorn (production settings) on 127.0.0.1 ...",
              flush=True)
        base, prod = start_shop(stack, args.pg_url, args.workers)
        paths = demo_paths(prod)
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
            print(f"\nThroughput: gunicorn, {args.workers} workers, production settings, PostgreSQL + Redis; "
                  f"{args.concurrency} client threads, {args.seconds:.0f} s per page")
            print(f"{'page':<10} {'bytes':>7} | {'shop req/s':>10} {'p50 ms':>7} {'p95 ms':>7} | "
                  f"{'bare req/s':>10} {'p50 ms':>7} {'p95 ms':>7} | {'shop/bare':>9}")
            for name, size, shop, bare in throughput(base, paths, args.seconds, args.concurrency):
                ratio = shop["rps"] / bare["rps"] if bare["rps"] else 0
                errors = f"  ({shop['errors']} shop / {bare['errors']} bare errors)" if shop["errors"] or bare[
                    "errors"] else ""
                print(f"{name:<10} {size:>7} | {shop['rps']:>10.1f} {shop['p50']:>7.1f} {shop['p95']:>7.1f} | "
                      f"{bare['rps']:>10.1f} {bare['p50']:>7.1f} {bare['p95']:>7.1f} | {ratio:>9.2f}{errors}",
                      flush=True)
            print("  bare: a Django view on the same server rendering a template of the same byte size "
                  "(same middleware, no database).")
    finally:
        stack.stop_all()
        try:
            drop_database(args.pg_url)
        except Exception as exc:  # noqa: BLE001 - cleanup must not hide the figures
            print(f"(could not drop {DB_NAME}: {exc})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
