"""Back up and restore the shop's database: SQLite (the demo) and PostgreSQL (production).

* SQLite: the sqlite3 online backup API, page by page, safe while the shop is running. The file is a plain
  SQLite database (``<stamp>.sqlite3``) that ``sqlite3`` can open.
* PostgreSQL: ``pg_dump -Fc`` (``<stamp>.dump``); restored with ``pg_restore --clean --if-exists`` in a single
  transaction, so a failed restore leaves the database as it was.

Every backup gets a manifest (``<stamp>.json``) with the row counts of the tables that matter (orders, order
lines, policy versions...). A restore compares the restored counts with the manifest and fails loudly when they
differ, and a restore always takes a ``pre-restore-<stamp>`` backup of the current database first, so running
the wrong restore loses nothing.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from core.errors import ApplicationError

logger = logging.getLogger(__name__)

# The records a backup must never lose: checked after every restore.
CHECKED_MODELS = (
    "orders.Order",
    "orders.OrderLine",
    "orders.OrderStatusChange",
    "policies.Policy",
    "policies.PolicyVersion",
    "shop.Product",
)
BACKUP_SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest_path: Path
    counts: dict[str, int]


def backup_dir_default() -> Path:
    return Path(os.environ.get("BACKUP_DIR", settings.BASE_DIR / "var" / "backups"))


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in BACKUP_SUFFIXES:
        raise ApplicationError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def table_counts(*, alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    counts = {}
    for label in CHECKED_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:  # an app not installed in this build
            continue
        try:
            counts[label] = model._base_manager.using(alias).count()
        except DatabaseError as error:
            raise ApplicationError(
                f"The database has no {model._meta.db_table} table ({error}): migrate it first (make demo does)."
            ) from error
    return counts


def _stamp(directory: Path, prefix: str, suffix: str) -> Path:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = directory / f"{prefix}{now}{suffix}"
    counter = 1
    while path.exists() or path.with_suffix(".json").exists():
        path = directory / f"{prefix}{now}-{counter}{suffix}"
        counter += 1
    return path


def _pg_env(settings_dict: dict) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for the pg tools; the password goes through the environment, never argv."""
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ApplicationError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def _sqlite_raw(alias: str) -> sqlite3.Connection:
    connection = connections[alias]
    connection.ensure_connection()
    return connection.connection


def _checked_tables() -> dict[str, str]:
    tables = {}
    for label in CHECKED_MODELS:
        try:
            tables[label] = apps.get_model(label)._meta.db_table
        except LookupError:  # an app not installed in this build
            continue
    return tables


def _count_rows(execute) -> dict[str, int]:
    """Row counts through ``execute(sql) -> first row``, so they can be read inside the backup's own snapshot."""
    sql = 'SELECT COUNT(*) FROM "{}"'  # noqa: S608 - table names come from our own models' Meta
    return {label: int(execute(sql.format(table))[0]) for label, table in _checked_tables().items()}


def _backup_to(partial: Path, *, vendor: str, alias: str) -> dict[str, int]:
    """Copy the database to ``partial``; return the row counts of exactly what was copied."""
    table_counts(alias=alias)  # refuses an unmigrated database with a clear message before anything is written
    if vendor == "sqlite":
        target = sqlite3.connect(partial)
        try:
            _sqlite_raw(alias).backup(target)
            (verdict,) = target.execute("PRAGMA integrity_check").fetchone()
            if verdict != "ok":
                raise ApplicationError(f"The backup failed SQLite's integrity check: {verdict}")
            return _count_rows(lambda sql: target.execute(sql).fetchone())  # counted in the copy itself
        finally:
            target.close()

    import psycopg

    settings_dict = connections[alias].settings_dict
    args, env = _pg_env(settings_dict)
    # pg_dump runs inside a snapshot exported by this transaction, so the manifest's counts describe exactly
    # what the dump holds, even while the shop keeps taking orders.
    with psycopg.connect(
        dbname=settings_dict["NAME"], user=settings_dict["USER"] or None, password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None, port=settings_dict["PORT"] or None, connect_timeout=10,
    ) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        (snapshot,) = conn.execute("SELECT pg_export_snapshot()").fetchone()
        counts = _count_rows(lambda sql: conn.execute(sql).fetchone())
        result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings, no shell
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--snapshot={snapshot}", "--file",
             str(partial), *args, settings_dict["NAME"]],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        conn.rollback()
    if result.returncode != 0:
        raise ApplicationError(f"pg_dump failed:\n{result.stderr.strip()}")
    return counts


def db_backup(*, directory: Path | None = None, alias: str = DEFAULT_DB_ALIAS, prefix: str = "") -> BackupResult:
    """Write a consistent backup of the database ``alias`` and its manifest; return where they are."""
    vendor = _vendor(alias)
    directory = Path(directory or backup_dir_default())
    directory.mkdir(parents=True, exist_ok=True)
    path = _stamp(directory, prefix, BACKUP_SUFFIXES[vendor])
    partial = path.with_name(path.name + ".partial")
    try:
        counts = _backup_to(partial, vendor=vendor, alias=alias)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    manifest_path = path.with_suffix(".json")
    manifest_path.write_text(
        json.dumps(
            {
                "engine": vendor,
                "file": path.name,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                "counts": counts,
            },
            indent=2,
        )
    )
    logger.info("backup written to %s (%s)", path, counts)
    return BackupResult(path=path, manifest_path=manifest_path, counts=counts)


def backup_latest(*, directory: Path | None = None, alias: str = DEFAULT_DB_ALIAS) -> Path:
    """The newest regular backup for this database engine (pre-restore safety copies are skipped)."""
    suffix = BACKUP_SUFFIXES[_vendor(alias)]
    directory = Path(directory or backup_dir_default())
    candidates = [
        path for path in directory.glob(f"*{suffix}") if not path.name.startswith("pre-restore-")
    ] if directory.exists() else []
    if not candidates:
        raise ApplicationError(f"No {suffix} backup in {directory}: run `make backup` first.")
    return max(candidates, key=lambda path: (path.stat().st_mtime, path.name))


def db_restore(*, path: Path, alias: str = DEFAULT_DB_ALIAS, safety_directory: Path | None = None) -> dict[str, int]:
    """Replace the database ``alias`` with the backup at ``path``; return the restored counts.

    A ``pre-restore-`` backup of the current database is written first. The restored counts must equal the
    backup's manifest (when there is one), or this raises.
    """
    vendor = _vendor(alias)
    path = Path(path)
    if not path.is_file():
        raise ApplicationError(f"No backup at {path}.")
    if path.suffix != BACKUP_SUFFIXES[vendor]:
        raise ApplicationError(f"{path.name} is not a {vendor} backup (expected {BACKUP_SUFFIXES[vendor]}).")
    manifest_path = path.with_suffix(".json")
    expected = json.loads(manifest_path.read_text())["counts"] if manifest_path.exists() else None

    db_backup(directory=safety_directory or path.parent, alias=alias, prefix="pre-restore-")

    if vendor == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (verdict,) = source.execute("PRAGMA integrity_check").fetchone()
            if verdict != "ok":
                raise ApplicationError(f"{path.name} failed SQLite's integrity check: {verdict}")
            source.backup(_sqlite_raw(alias))
        finally:
            source.close()
    else:
        settings_dict = connections[alias].settings_dict
        args, env = _pg_env(settings_dict)
        connections[alias].close()  # our own idle connection must not hold locks on the tables being replaced
        result = subprocess.run(  # noqa: S603 - fixed tool, arguments from settings, no shell
            [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--dbname", settings_dict["NAME"], *args, str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if result.returncode != 0:
            raise ApplicationError(f"pg_restore failed; the database is unchanged:\n{result.stderr.strip()}")

    restored = table_counts(alias=alias)
    if expected is not None:
        missing = {label: (count, restored.get(label)) for label, count in expected.items()
                   if restored.get(label) != count}
        if missing:
            raise ApplicationError(f"Restored counts differ from the backup's manifest: {missing}")
    logger.info("restored %s (%s)", path, restored)
    return restored
