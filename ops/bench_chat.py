#!/usr/bin/env python
"""`make bench-chat` (and the end of `make bench`): how many live chats one ASGI worker holds, and how fast.

Starts on 127.0.0.1 (all stopped at the end): a fresh PostgreSQL database ``tm_bench_chat``, migrated; a Redis of
its own for the channel layer; ONE uvicorn worker with production settings serving ``config.asgi``. Then, for
each step of concurrent chats (``--steps 100,300,600``):

1. opens that many guest chats (each its own conversation, signed token, WebSocket) at once and keeps them open;
2. every chat sends ``--messages`` messages (one every ``--gap`` seconds, under the 10-a-minute limit), and the
   time from sending to the server's echo on the same socket is measured: WebSocket in, masking and the
   database write, the push through the Redis channel layer after commit, WebSocket out;
3. reports connected/failed sockets, p50/p95/max message latency and messages per second.

"Holds" is the largest step where every socket connected and the p95 stayed under ``--p95-limit`` seconds.
Results go to var/bench/chat.json. Server start-up reuses ops/loadtest.py's helpers (Stack, free_port, run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from ops import loadtest  # noqa: E402

OUT = ROOT / "var" / "bench"
DB_NAME = "tm_bench_chat"


def fresh_database(admin_url: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return urlparse(admin_url)._replace(path=f"/{DB_NAME}").geturl()


def production_env(pg_url: str, redis_port: int, port: int) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "DJANGO_SETTINGS"))},
        "TRUSTMARK_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": fresh_database(pg_url),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "REDIS_PAGES_URL": f"redis://127.0.0.1:{redis_port}/1",
        "STRIPE_API_BASE": "http://127.0.0.1:9",
        "STRIPE_SECRET_KEY": "sk_test_bench",
        "STRIPE_WEBHOOK_SECRET": "whsec_bench_" + secrets.token_hex(8),
        "TRUSTMARK_ALLOW_LOCAL_STRIPE": "1",
        "SHOP_BASE_URL": f"https://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def conversations_make(count: int) -> list[str]:
    """``count`` guest chats (ticket + conversation), straight into the database; their signed tokens."""
    from chat.models import Conversation
    from chat.tokens import conversation_token
    from support.models import Ticket

    tickets = Ticket.objects.bulk_create(
        [Ticket(name=f"Bench {i}", email=f"bench{i}@example.com", topic="other") for i in range(count)]
    )
    conversations = Conversation.objects.bulk_create([Conversation(ticket=ticket) for ticket in tickets])
    return [conversation_token(public_id=c.public_id) for c in conversations]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def one_chat(base_ws: str, origin: str, token: str, messages: int, gap: float, opened: asyncio.Event,
                   ready: list, latencies: list, errors: list) -> None:
    from websockets.asyncio.client import connect

    try:
        async with connect(f"{base_ws}/ws/chat/c/{token}/", origin=origin, open_timeout=30,
                           ping_interval=None, max_queue=None) as ws:
            hello = json.loads(await asyncio.wait_for(ws.recv(), 30))
            assert hello["type"] == "hello", hello
            ready.append(1)
            await opened.wait()  # every chat is open before anyone talks
            for i in range(messages):
                body = f"bench message {i} card 4242 4242 4242 4242"
                sent = time.perf_counter()
                await ws.send(json.dumps({"type": "message", "body": body}))
                while True:
                    event = json.loads(await asyncio.wait_for(ws.recv(), 30))
                    if event.get("type") == "message":
                        latencies.append(time.perf_counter() - sent)
                        break
                    if event.get("type") == "error":
                        errors.append(event["message"])
                        break
                await asyncio.sleep(gap)
    except Exception as error:  # noqa: BLE001 - every failure is counted and reported
        errors.append(f"{type(error).__name__}: {error}")


async def step(base_ws: str, origin: str, tokens: list[str], messages: int, gap: float) -> dict:
    opened, ready, latencies, errors = asyncio.Event(), [], [], []
    tasks = [asyncio.create_task(one_chat(base_ws, origin, t, messages, gap, opened, ready, latencies, errors))
             for t in tokens]
    deadline = time.monotonic() + 120
    while len(ready) + len(errors) < len(tokens) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    connected = len(ready)
    started = time.perf_counter()
    opened.set()
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    return {
        "chats": len(tokens), "connected": connected, "errors": len(errors), "messages": len(latencies),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1), "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "max_ms": round(max(latencies, default=float("nan")) * 1000, 1),
        "messages_per_s": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
        "first_error": errors[0] if errors else "",
        "load_average_1m": round(os.getloadavg()[0], 1),  # the machine's, for reading the figures honestly
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", default="100,300,600", help="concurrent chats per step (comma-separated)")
    parser.add_argument("--messages", type=int, default=3, help="messages each chat sends per step")
    parser.add_argument("--gap", type=float, default=2.0, help="seconds between one chat's messages")
    parser.add_argument("--p95-limit", type=float, default=1.0, help="seconds: the p95 a step must stay under")
    parser.add_argument("--pg", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    args = parser.parse_args()
    steps = [int(s) for s in args.steps.split(",") if s.strip()]
    OUT.mkdir(parents=True, exist_ok=True)
    loadtest.OUT.mkdir(parents=True, exist_ok=True)  # the servers' logs

    stack = loadtest.Stack()
    try:
        redis_port, port = loadtest.free_port(), loadtest.free_port()
        stack.start("chat-redis", ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "",
                                   "--appendonly", "no"])
        loadtest.wait_port(redis_port)
        env = production_env(args.pg, redis_port, port)
        loadtest.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env, "migrate")
        os.environ.update(env)  # this process writes the chats and signs their tokens with the same settings
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        import django

        django.setup()
        stack.start("chat-uvicorn", [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host",
                                     "127.0.0.1", "--port", str(port), "--workers", "1", "--ws",
                                     "websockets-sansio", "--no-access-log", "--log-level", "warning"], env)
        loadtest.wait_port(port, timeout=60)
        results = []
        for count in steps:
            tokens = conversations_make(count)
            result = asyncio.run(step(f"ws://127.0.0.1:{port}", f"http://127.0.0.1:{port}", tokens,
                                      args.messages, args.gap))
            results.append(result)
            print(f"{count:>6} chats: {result['connected']} connected, {result['errors']} errors, "
                  f"{result['messages']} messages, p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
                  f"max {result['max_ms']} ms, {result['messages_per_s']} msg/s, "
                  f"load average {result['load_average_1m']}"
                  + (f" (first error: {result['first_error']})" if result["first_error"] else ""), flush=True)
        holds = max((r["chats"] for r in results if r["connected"] == r["chats"] and not r["errors"]
                     and r["p95_ms"] < args.p95_limit * 1000), default=0)
        print(f"One uvicorn worker held {holds} concurrent chats with every socket open and p95 < "
              f"{args.p95_limit:.1f} s.")
        (OUT / "chat.json").write_text(json.dumps({"steps": results, "holds": holds, "args": vars(args)}, indent=2))
    finally:
        stack.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
