"""Run the whole demo: localstripe, the task worker, the periodic scheduler and the web server.

``make demo`` runs migrate, createcachetable and seed_demo, then this command. It:
1. checks that the web and localstripe ports are free (a clear one-line message and exit 1 if not);
2. starts each server of ``demo_servers()`` (one short progress line each), its output going to
   ``var/log/<name>.log``, never over the terminal; the web server is uvicorn with ``config.asgi`` (pages and the
   live chat's WebSockets, docs/chat.md);
3. registers the shop's webhook endpoint with localstripe (POST /_config/webhooks/trustmark);
4. once every server answers, prints ONE banner: shop, admin and mailbox URLs, each demo login, the two-factor
   hint, where the logs are, and that Ctrl-C stops everything;
5. on Ctrl-C or SIGTERM stops every child's process group (SIGTERM, then SIGKILL after a grace period).

Each child runs in its own process group (so a terminal's Ctrl-C reaches only this command, which then stops
the children in order) and, on Linux, is told to die with this process even if it is killed with SIGKILL.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.seeding.accounts import DEMO_LOGINS, MERCHANT_TOTP_SECRET, totp_code_command

GRACE_SECONDS = 8.0
STARTUP_SECONDS = 60.0
WEBHOOK_ID = "trustmark"
_PR_SET_PDEATHSIG = 1


class _Stop(Exception):
    """Raised by the signal handler to leave the serve loop."""


def _die_with_parent() -> None:  # runs in the child between fork and exec
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def port_in_use(port: int) -> bool:
    """True if something already listens on (or holds) 127.0.0.1:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def http_ok(url: str, *, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our own 127.0.0.1 URL
            return 200 <= response.status < 500
    except urllib.error.HTTPError as error:
        return error.code < 500
    except (OSError, ValueError):
        return False


@dataclass(frozen=True)
class Server:
    """One process of the demo: its name, log file (in the log folder), command, and the URL that answers once
    it is ready (None: running is enough)."""

    name: str
    log: str
    args: list[str]
    ready_url: str | None = None


def demo_servers(*, manage: list[str], port: int, stripe_port: int, store: Path, localstripe: bool) -> list[Server]:
    """Every process `make demo` runs, in start order."""
    url = f"http://127.0.0.1:{port}"
    servers = []
    if localstripe:
        servers.append(
            Server(
                "localstripe",
                "localstripe.log",
                [sys.executable, "-m", "payments.localstripe_runner",
                 "--port", str(stripe_port), "--store", str(store)],  # fmt: skip
                f"http://127.0.0.1:{stripe_port}/js.stripe.com/v3/",
            )
        )
    servers += [
        Server("task worker", "worker.log", [*manage, "db_worker", "--no-reload", "--no-startup-delay", "-v", "1"]),
        Server("scheduler", "scheduler.log", [*manage, "run_scheduler"]),
        # uvicorn: pages and the live chat's WebSockets (docs/chat.md).
        Server(
            "web server",
            "web.log",
            [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1",
             "--port", str(port), "--ws", "websockets-sansio"],  # fmt: skip
            f"{url}/healthz",
        ),
    ]
    return servers


@dataclass
class Child:
    name: str
    process: subprocess.Popen
    log: Path

    @property
    def alive(self) -> bool:
        return self.process.poll() is None


class Command(BaseCommand):
    help = "Run the demo shop: localstripe, task worker, scheduler and web server; Ctrl-C stops them all."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--port", type=int, default=settings.DEMO_PORT, help="web port (default: DEMO_PORT, %(default)s)"
        )
        parser.add_argument(
            "--stripe-port",
            type=int,
            default=settings.LOCALSTRIPE_PORT,
            help="localstripe port (default: LOCALSTRIPE_PORT, %(default)s)",
        )
        parser.add_argument(
            "--store",
            default=str(Path(settings.BASE_DIR) / "var" / "localstripe.pickle"),
            help="localstripe's data file (default: var/localstripe.pickle)",
        )
        parser.add_argument(
            "--log-dir",
            default=str(Path(settings.BASE_DIR) / "var" / "log"),
            help="where each server writes its log (default: var/log/)",
        )

    # --- helpers -------------------------------------------------------------------------------
    def _spawn(self, server: Server, env: dict[str, str]) -> Child:
        log = self.log_dir / server.log
        with log.open("a") as out:
            out.write(f"\n--- {time.strftime('%Y-%m-%d %H:%M:%S')} make demo starts {server.name} ---\n")
            out.flush()
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                server.args,
                cwd=settings.BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped as a whole, not hit by the terminal's ^C
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
            )
        child = Child(server.name, process, log)
        self.children.append(child)
        return child

    def _wait_until(self, child: Child, check: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if not child.alive:
                raise CommandError(
                    f"{child.name} stopped while starting (exit code {child.process.returncode}): see {child.log}"
                )
            if check():
                return
            time.sleep(0.2)
        raise CommandError(f"{child.name} did not {what} within {STARTUP_SECONDS:.0f}s: see {child.log}")

    def _stop_children(self) -> None:
        """SIGTERM every child's process group (newest first), wait, then SIGKILL whatever is left."""
        for child in reversed(self.children):
            if child.alive:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(child.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for child in reversed(self.children):
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        for child in self.children:
            # Kill the group even if the leader exited: a grandchild may still hold a port.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.process.wait(timeout=5)

    def _register_webhook(self, stripe_base: str, port: int) -> None:
        data = urllib.parse.urlencode(
            {"url": f"http://127.0.0.1:{port}/webhooks/stripe/", "secret": settings.STRIPE_WEBHOOK_SECRET}
        ).encode()
        request = urllib.request.Request(f"{stripe_base}/_config/webhooks/{WEBHOOK_ID}", data=data, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own localstripe
                response.read()
        except (OSError, urllib.error.HTTPError) as error:
            raise CommandError(f"could not register the webhook endpoint with localstripe: {error}") from error

    def _print_banner(self, url: str, stripe_base: str) -> None:
        rule = "-" * 78
        width = max(len(login.role) for login in DEMO_LOGINS)
        lines = [
            "",
            rule,
            self.style.SUCCESS(f"Trustmark demo is running: {url}/"),
            f"  Shop:     {url}/",
            f"  Admin:    {url}/admin/",
            f"  Mailbox:  {url}/devmail/   (every email the shop sends, with its verification code)",
            f"  Stripe:   {stripe_base} (localstripe, offline)",
            "  Demo logins (demo only, never in production):",
            *(f"    {login.role:<{width}}  {login.email:<34} {login.password}" for login in DEMO_LOGINS),
            f"  Two-factor for the admin logins: TOTP secret {MERCHANT_TOTP_SECRET} (add it to an authenticator app)",
            f"    or print the current code: {totp_code_command()}",
            "  Test cards: 4242 4242 4242 4242 pays, 4000 0027 6000 3184 asks for 3-D Secure (more in README.md)",
            f"  Logs:     {self._shown(self.log_dir)}/ ({', '.join(child.log.name for child in self.children)})",
            "  Ctrl-C stops everything.",
            rule,
        ]
        self.stdout.write("\n".join(lines))

    @staticmethod
    def _shown(path: Path) -> str:
        """``var/log`` rather than the absolute path when it is inside the project."""
        try:
            return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
        except ValueError:
            return str(path)

    # --- main ----------------------------------------------------------------------------------
    def handle(self, *args, **options) -> None:
        port, stripe_port = options["port"], options["stripe_port"]
        if port == stripe_port:
            raise CommandError(f"the web port and the localstripe port are both {port}: pick two different ports.")
        real_stripe = "STRIPE_API_BASE" in os.environ and not os.environ["STRIPE_API_BASE"].startswith(
            ("http://127.0.0.1", "http://localhost")
        )
        checks = [(port, "web server", "DEMO_PORT")]
        if not real_stripe:
            checks.append((stripe_port, "localstripe", "LOCALSTRIPE_PORT"))
        for busy_port, what, variable in checks:
            if port_in_use(busy_port):
                raise CommandError(
                    f"port {busy_port} ({what}) is already in use on 127.0.0.1: stop what holds it "
                    f"(`fuser -k {busy_port}/tcp`) or pick another, e.g. `{variable}={busy_port + 1} make demo`."
                )

        env = dict(os.environ, DEMO_PORT=str(port), LOCALSTRIPE_PORT=str(stripe_port), PYTHONUNBUFFERED="1")
        stripe_base = settings.STRIPE_API_BASE
        if not real_stripe:
            stripe_base = f"http://127.0.0.1:{stripe_port}"
            env.update(STRIPE_API_BASE=stripe_base, STRIPE_JS_URL=f"{stripe_base}/js.stripe.com/v3/")
        env.setdefault("SHOP_BASE_URL", f"http://127.0.0.1:{port}")
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]

        self.children: list[Child] = []
        stopping = {"signal": None}

        def on_signal(signum, frame):
            if stopping["signal"] is None:
                stopping["signal"] = signum
                raise _Stop

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        exit_message = None
        self.log_dir = Path(options["log_dir"])
        self.log_dir.mkdir(parents=True, exist_ok=True)
        store = Path(options["store"])
        store.parent.mkdir(parents=True, exist_ok=True)
        servers = demo_servers(
            manage=manage, port=port, stripe_port=stripe_port, store=store, localstripe=not real_stripe
        )
        try:
            if real_stripe:
                self.stdout.write(f"Using Stripe at {stripe_base} (STRIPE_API_BASE); localstripe not started.")
            started = []
            for server in servers:
                self.stdout.write(f"Starting {server.name} (log: {self._shown(self.log_dir / server.log)}) ...")
                child = self._spawn(server, env)
                started.append((server, child))
                if server.name == "localstripe":  # the shop's webhook endpoint, before anything can pay
                    self._wait_until(child, lambda url=server.ready_url: http_ok(url), "answer")
                    self._register_webhook(stripe_base, port)
                    self.stdout.write(
                        f"Registered the webhook http://127.0.0.1:{port}/webhooks/stripe/ with localstripe."
                    )
            self.stdout.write("Waiting for every server to answer ...")
            for server, child in started:
                if server.ready_url:
                    self._wait_until(child, lambda url=server.ready_url: http_ok(url), f"answer {server.ready_url}")
            self._print_banner(f"http://127.0.0.1:{port}", stripe_base)

            while True:
                for child in self.children:
                    if not child.alive:
                        exit_message = (
                            f"{child.name} stopped unexpectedly (exit code {child.process.returncode}): "
                            f"see {child.log}"
                        )
                        raise _Stop
                time.sleep(0.5)
        except _Stop:
            pass
        except KeyboardInterrupt:
            pass
        finally:
            # Ignore further signals while stopping, so a second ^C cannot leave orphans behind.
            for sig in previous:
                signal.signal(sig, signal.SIG_IGN)
            if self.children:
                self.stdout.write("Stopping the demo ...")
            self._stop_children()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if exit_message:
            raise CommandError(exit_message)
        self.stdout.write("Demo stopped.")
