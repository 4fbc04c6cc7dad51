"""`make demo`'s runner: it serves the shop with localstripe, worker and scheduler, and leaves nothing behind.

These start real processes (localstripe, db_worker, run_scheduler, uvicorn) against a temporary SQLite file,
as `make demo` does, and talk to them over 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from demo.seeding.accounts import DEMO_LOGINS, MERCHANT_TOTP_SECRET
from tests.conftest import ROOT, free_port

MANAGE = [sys.executable, str(ROOT / "manage.py")]


def demo_env(sqlite_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "DATABASE_URL", "REDIS_URL"))}
    env.update(TRUSTMARK_ENV="dev", SQLITE_PATH=str(sqlite_path), PYTHONUNBUFFERED="1", LOG_LEVEL="WARNING")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    """A migrated SQLite database of its own (and the cache table), like `make demo` prepares."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    env = demo_env(path)
    for command in (["migrate", "--no-input", "-v", "0"], ["createcachetable"]):
        subprocess.run([*MANAGE, *command], cwd=ROOT, env=env, check=True, timeout=300, capture_output=True)
    return path


def children_of(pid: int) -> dict[int, str]:
    """Every live descendant of ``pid`` (read from /proc), with its command line."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in found:
                found[child] = cmdline(child)
                frontier.append(child)
    return found


def cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int, command: str) -> bool:
    """True if ``pid`` still runs the same command and is not a zombie."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z" and cmdline(pid) == command


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_run_demo_serves_the_shop_and_sigint_stops_every_child(demo_db, tmp_path):
    port, stripe_port = free_port(), free_port()
    log = (tmp_path / "demo.log").open("w+")
    process = subprocess.Popen(
        [*MANAGE, "run_demo", "--port", str(port), "--stripe-port", str(stripe_port),
         "--store", str(tmp_path / "localstripe.pickle"), "--log-dir", str(tmp_path / "log")],  # fmt: skip
        cwd=ROOT,
        env=demo_env(demo_db),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while get(f"http://127.0.0.1:{port}/healthz") != 200:
            assert process.poll() is None, f"run_demo exited early:\n{Path(log.name).read_text()}"
            assert time.monotonic() < deadline, f"no /healthz after 90s:\n{Path(log.name).read_text()}"
            time.sleep(0.3)
        # The banner is printed once the server answers.
        deadline = time.monotonic() + 10
        while "Demo logins" not in Path(log.name).read_text() and time.monotonic() < deadline:
            time.sleep(0.2)

        children = children_of(process.pid)
        commands = " | ".join(children.values())
        assert "payments.localstripe_runner" in commands
        assert "db_worker" in commands
        assert "run_scheduler" in commands
        assert f"uvicorn config.asgi:application --host 127.0.0.1 --port {port}" in commands
        assert get(f"http://127.0.0.1:{port}/") == 200
        assert get(f"http://127.0.0.1:{stripe_port}/js.stripe.com/v3/") == 200

        output = Path(log.name).read_text()
        assert f"Registered the webhook http://127.0.0.1:{port}/webhooks/stripe/" in output
        # One banner, last, once every server answers; the servers' own output is in their logs, not here.
        assert output.count("Demo logins") == 1
        banner = output[output.index("Trustmark demo is running"):]
        assert f"Shop:     http://127.0.0.1:{port}/" in banner
        assert f"Admin:    http://127.0.0.1:{port}/admin/" in banner
        assert f"Mailbox:  http://127.0.0.1:{port}/devmail/" in banner
        for login in DEMO_LOGINS:
            assert re.search(rf"^ +{re.escape(login.role)} +{re.escape(login.email)} +{re.escape(login.password)}$",
                             banner, re.M), login  # fmt: skip
        assert MERCHANT_TOTP_SECRET in banner
        assert f"{tmp_path / 'log'}/ (localstripe.log, worker.log, scheduler.log, web.log)" in banner
        assert banner.rstrip().splitlines()[-2] == "  Ctrl-C stops everything."
        before = output[: output.index("Trustmark demo is running")]
        assert len(before.strip().splitlines()) <= 8, before  # one short line per step
        assert "django_tasks" not in output and "GET /healthz" not in output
        assert "GET /healthz" in (tmp_path / "log" / "web.log").read_text()
        assert (tmp_path / "log" / "worker.log").exists() and (tmp_path / "log" / "localstripe.log").exists()
        assert get(f"http://127.0.0.1:{port}/devmail/") == 200

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()

    time.sleep(0.5)
    survivors = {pid: cmd for pid, cmd in children.items() if alive(pid, cmd)}
    assert not survivors, f"children survived run_demo: {survivors}"
    assert port_free(port) and port_free(stripe_port)
    assert "Demo stopped." in Path(log.name).read_text()


def test_sigterm_also_stops_every_child(demo_db, tmp_path):
    port, stripe_port = free_port(), free_port()
    process = subprocess.Popen(
        [*MANAGE, "run_demo", "--port", str(port), "--stripe-port", str(stripe_port),
         "--store", str(tmp_path / "localstripe.pickle"), "--log-dir", str(tmp_path / "log")],  # fmt: skip
        cwd=ROOT,
        env=demo_env(demo_db),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while get(f"http://127.0.0.1:{port}/healthz") != 200:
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.3)
        children = children_of(process.pid)
        assert len(children) >= 4
        process.terminate()
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    time.sleep(0.5)
    assert not {pid: cmd for pid, cmd in children.items() if alive(pid, cmd)}


@pytest.mark.parametrize("which", ["web", "stripe"])
def test_a_taken_port_gives_one_clear_line_and_a_non_zero_exit(demo_db, tmp_path, which):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        port, stripe_port = (taken, free_port()) if which == "web" else (free_port(), taken)
        result = subprocess.run(
            [*MANAGE, "run_demo", "--port", str(port), "--stripe-port", str(stripe_port),
             "--store", str(tmp_path / "localstripe.pickle")],  # fmt: skip
            cwd=ROOT,
            env=demo_env(demo_db),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert f"port {taken}" in lines[0] and "already in use" in lines[0]
    assert ("DEMO_PORT=" if which == "web" else "LOCALSTRIPE_PORT=") in lines[0]
    assert not (tmp_path / "localstripe.pickle").exists()


def test_ports_can_come_from_the_environment(demo_db):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        env = demo_env(demo_db) | {"DEMO_PORT": str(taken), "LOCALSTRIPE_PORT": str(free_port())}
        result = subprocess.run(
            [*MANAGE, "run_demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )
    assert result.returncode != 0
    assert f"port {taken} (web server)" in result.stderr
