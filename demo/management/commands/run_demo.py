"""Run the whole demo: localstripe, the task worker, the periodic scheduler and the web server.

``make demo`` runs migrate, createcachetable and seed_demo, then this command. It:
1. checks that the web and localstripe ports are free (a clear one-line message and exit 1 if not);
2. starts localstripe (``payments.localstripe_runner``, bound to 127.0.0.1, store in var/) and waits for it;
3. registers the shop's webhook endpoint with it (POST /_config/webhooks/trustmark);
4. starts ``manage.py db_worker`` (django-tasks-db) and ``manage.py run_scheduler``;
5. starts uvicorn with ``config.asgi`` on 127.0.0.1:PORT (pages and the live chat's WebSockets, docs/chat.md),
   waits for /healthz, prints the URL and logins;
6. on Ctrl-C or SIGTERM stops every child's process group (SIGTERM, then SIGKILL after a grace period).

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
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.seeding.accounts import DEMO_LOGINS, MERCHANT_TOTP_SECRET

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


@dataclass
class Child:
    name: str
    process: subprocess.Popen

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

    # --- helpers -------------------------------------------------------------------------------
    def _spawn(self, name: str, args: list[str], env: dict[str, str], *, quiet: bool = False) -> Child:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            args,
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL if quiet else None,
            start_new_session=True,  # its own process group: stopped as a whole, not hit by the terminal's ^C
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
        )
        child = Child(name, process)
        self.children.append(child)
        return child

    def _wait_until(self, child: Child, check, what: str) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if not child.alive:
                raise CommandError(f"{child.name} stopped while starting (exit code {child.process.returncode}).")
            if check():
                return
            time.sleep(0.2)
        raise CommandError(f"{child.name} did not {what} within {STARTUP_SECONDS:.0f}s.")

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

    def _print_logins(self, url: str) -> None:
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"Trustmark demo is running: {url}/"))
        out.write(f"  Admin:            {url}/admin/")
        out.write(f"  Health:           {url}/healthz")
        out.write("  Demo logins (demo only, never in production):")
        for login in DEMO_LOGINS:
            out.write(f"    {login.role:<26} {login.email:<32} {login.password}")
        out.write(f"  Merchant two-factor (TOTP) secret, for an authenticator app: {MERCHANT_TOTP_SECRET}")
        out.write("  Test cards: 4242 4242 4242 4242 (no 3-D Secure), 4000 0027 6000 3184 (3-D Secure)")
        out.write("  Press Ctrl-C to stop everything.")
        out.write("")

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
        try:
            if not real_stripe:
                store = Path(options["store"])
                store.parent.mkdir(parents=True, exist_ok=True)
                self.stdout.write(f"Starting localstripe on 127.0.0.1:{stripe_port} ...")
                localstripe = self._spawn(
                    "localstripe",
                    [sys.executable, "-m", "payments.localstripe_runner", "--port", str(stripe_port),
                     "--store", str(store)],  # fmt: skip
                    env,
                    quiet=True,
                )
                self._wait_until(localstripe, lambda: http_ok(f"{stripe_base}/js.stripe.com/v3/"), "answer")
                self._register_webhook(stripe_base, port)
                self.stdout.write(f"Registered the webhook http://127.0.0.1:{port}/webhooks/stripe/ with localstripe.")
            else:
                self.stdout.write(f"Using Stripe at {stripe_base} (STRIPE_API_BASE); localstripe not started.")

            self._spawn("task worker", [*manage, "db_worker", "--no-reload", "--no-startup-delay", "-v", "1"], env)
            self._spawn("scheduler", [*manage, "run_scheduler"], env)
            self.stdout.write(f"Starting the web server on 127.0.0.1:{port} ...")
            server = self._spawn("web server", [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host",
                                                "127.0.0.1", "--port", str(port), "--ws", "websockets-sansio"], env)
            url = f"http://127.0.0.1:{port}"
            self._wait_until(server, lambda: http_ok(f"{url}/healthz"), "answer /healthz")
            self._print_logins(url)

            while True:
                for child in self.children:
                    if not child.alive:
                        exit_message = f"{child.name} stopped unexpectedly (exit code {child.process.returncode})."
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
