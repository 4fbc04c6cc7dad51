# Trustmark: `make demo` runs the shop, `make test` runs the whole suite. Both build .venv from the pins.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# Most tests wait on localstripe, chromium or subprocesses rather than the CPU: four workers fit two cores.
TEST_WORKERS ?= 4

.PHONY: demo test test-sqlite test-postgres lint bench bench-chat lighthouse screenshots audit messages system-deps test-deps clean

$(VENV)/.installed: requirements.lock
	@echo "Python packages: installing the pins of requirements.lock into $(VENV) (first run only) ..."
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# This machine's pip config lists local mirrors that may be absent: hide only those warnings.
	@$(VENV)/bin/pip install --quiet --upgrade pip 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }; test $${PIPESTATUS[0]} -eq 0
	@$(VENV)/bin/pip install --quiet -r requirements.lock 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }; test $${PIPESTATUS[0]} -eq 0
	@touch $@

# Debian packages: gettext (msgfmt) for translations, which the demo needs too; fonts-dejavu-core for the order
# PDFs (packing slips, invoices: Polish letters); chromium for the browser tests
# only (`make test`), so `make demo` never downloads a browser.
system-deps:
	@command -v msgfmt >/dev/null || { \
	  echo "Installing gettext from Debian's packages ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { \
	  echo "Installing fonts-dejavu-core (order PDFs) from Debian's packages ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; }

test-deps: system-deps
	@command -v chromium >/dev/null || { \
	  echo "Installing chromium (browser tests) from Debian's packages ..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

messages: $(VENV)/.installed system-deps
	@# A fresh clone may have no .po files yet (git keeps no empty locale/): compilemessages needs the folder.
	@mkdir -p locale
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=var -v 0

# One short line per step; the servers' output goes to var/log/, and run_demo ends with one banner.
demo: messages
	@mkdir -p var/log
	@# The first command to load the settings makes var/secret_key, the demo's own random SECRET_KEY (mode 0600,
	@# never committed: config/secret_key.py); later runs reuse it. `make clean` deletes it with the rest of var/.
	@echo "Database: migrating var/trustmark.sqlite3 (or DATABASE_URL) ..."
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py createcachetable
	@echo "Demo data: catalogue, pictures, orders, reviews (no email is sent for this history) ..."
	@$(PY) manage.py seed_demo -v 0
	@$(PY) manage.py run_demo

lint: $(VENV)/.installed
	@mkdir -p var
	$(VENV)/bin/ruff check .
	@# The layers contract in .importlinter: no app imports an app above it (docs/architecture.md).
	$(VENV)/bin/lint-imports --no-cache
	TRUSTMARK_ENV=test $(PY) manage.py makemigrations --check --dry-run -v 1

test: lint messages test-deps
	TRUSTMARK_ENV=test DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q -n $(TEST_WORKERS) $(PYTEST_ARGS)

test-sqlite: test

test-postgres:
	DATABASE_URL=$(PG_URL) TEST_DATABASE_NAME=test_trustmark_ci $(MAKE) test PYTEST_ARGS="--create-db $(PYTEST_ARGS)"

# Part 1: queries, server time and speed budgets per page type (test client). Part 2 (ops/bench_live.py):
# gunicorn + PostgreSQL + Redis with production settings: Lighthouse scores and throughput against a bare view,
# measured with Debian's wrk (installed here when missing).
bench: messages test-deps
	@command -v wrk >/dev/null || { echo "Installing wrk from Debian's packages..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) manage.py bench
	$(PY) ops/bench_live.py $(BENCH_LIVE_ARGS)
	$(PY) ops/bench_chat.py $(BENCH_CHAT_ARGS)

# Live chat: concurrent chats one uvicorn worker holds and message latency p50/p95 (docs/chat.md).
# BENCH_CHAT_ARGS="--steps 100,300,600 --messages 3" (see `python ops/bench_chat.py --help`).
bench-chat: messages
	$(PY) ops/bench_chat.py $(BENCH_CHAT_ARGS)

lighthouse: messages test-deps
	$(PY) ops/bench_live.py --only lighthouse

screenshots: messages test-deps
	TRUSTMARK_ENV=test DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest -q tests/screenshots -p no:randomly --screenshots

# pip-audit checks every pin in requirements.lock against PyPI's vulnerability data. It lives in its own venv
# (its dependencies must not move the app's pins). `--strict` makes a package it could not look up an error:
# offline, pip-audit would otherwise print "No known vulnerabilities found" having checked nothing.
AUDIT_VENV := var/audit-venv
PIP_AUDIT_VERSION := 2.10.1
audit:
	@test -x $(AUDIT_VENV)/bin/pip-audit || { $(PYTHON) -m venv $(AUDIT_VENV) && \
	  $(AUDIT_VENV)/bin/pip install --quiet "pip-audit==$(PIP_AUDIT_VERSION)"; } || \
	  { echo "make audit: could not install pip-audit $(PIP_AUDIT_VERSION)."; exit 2; }
	@out=$$($(AUDIT_VENV)/bin/pip-audit --strict --no-deps --disable-pip --progress-spinner off \
	  -r requirements.lock 2>&1); status=$$?; \
	echo "$$out" | grep -v -e "encouraged to fully hash" -e "pip-compile"; \
	if [ $$status -ne 0 ] && echo "$$out" | grep -q -E "could not be audited|ConnectionError|NameResolution|Max retries|timed out"; then \
	  echo "make audit: could not reach the vulnerability database (offline); nothing was checked."; exit 2; \
	fi; \
	if [ $$status -eq 0 ]; then echo "make audit: no known vulnerabilities in requirements.lock."; fi; \
	exit $$status

clean:
	rm -rf var

# --- Operations: backups and the load/fault test (see docs/operations.md) -----------------------------------
.PHONY: backup restore loadtest

# SQLite (the demo) or PostgreSQL (when DATABASE_URL is set): var/backups/<UTC stamp>.sqlite3 | .dump + .json manifest.
backup: $(VENV)/.installed
	$(PY) manage.py backup_db

# `make restore` restores the newest backup, `make restore BACKUP=var/backups/<file>` a given one. The current
# database is backed up first (pre-restore-<stamp>), and the restored row counts are checked against the manifest.
restore: $(VENV)/.installed
	$(PY) manage.py restore_db --yes $(BACKUP)

# A bounded mixed load against gunicorn (production settings) + PostgreSQL + Redis + localstripe on 127.0.0.1,
# then the books are checked. LOADTEST_ARGS="--duration 60 --users 12" (see `python ops/loadtest.py --help`).
loadtest: messages
	$(PY) ops/loadtest.py $(LOADTEST_ARGS)
