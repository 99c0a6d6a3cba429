# Chỉ Đạo — developer commands.
#
#   make run     create .venv, install, migrate, load the demo once, serve on http://127.0.0.1:8000 (PORT=…)
#   make test    ruff, the migrations check, then the whole pytest suite
#   make bench   the benchmark (make bench TASKS=100000)
#   make loadtest  Locust: USERS=300 DURATION=10m, 2 ASGI instances + worker (LOADTEST_DATABASE_URL=postgres://…)
#   make lint    ruff only
#   make clean   caches and collected static files (keeps .venv and the database in var/)
#
# Every target uses the project's own virtualenv (.venv); nothing is installed system-wide.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
# `make run` needs only the runtime requirements; the tools of `make test` come on top of them.
DEV_STAMP := $(VENV)/.installed-dev

PORT ?= 8000
# The server's SECRET_KEY: written (random, mode 600) into the data directory on the first `make run`
# and reused afterwards; an environment SECRET_KEY still wins (chidao/settings.py).
export CHIDAO_SECRET_KEY_FILE ?= $(abspath $(or $(CHIDAO_DATA_DIR),var))/secret_key
# Number of tasks in the benchmark's data set; empty = the benchmark's own default. Passed to
# `python -m bench.run` as the environment variable TASKS (bench reads it as its --tasks default).
TASKS ?=
PYTEST_ARGS ?=

# Background worker started beside the web server by `make run`: django-tasks' database worker
# plus the minute tick (reminders, e-mail outbox, closing rounds); see
# chidao/notifications/management/commands/run_worker.py. It stops on SIGTERM when the server stops.
WORKER_CMD := $(MANAGE) run_worker

.PHONY: help venv install install-dev messages run serve test check pytest lint bench loadtest clean distclean

help:
	@sed -n '3,10p' Makefile | sed 's/^# \{0,1\}//'

# --- environment -----------------------------------------------------------------------------

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file changed since the last install.
$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	@touch $@

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $@

venv install: $(STAMP)

install-dev: $(DEV_STAMP)

# --- run ---------------------------------------------------------------------------------------

# As in production: DEBUG off unless the environment sets it, static files served by whitenoise
# from what collectstatic writes to var/static (hashed names too with CHIDAO_MANIFEST_STATIC=true).
# A short graceful timeout: with the default 30 s, Ctrl+C sometimes waited that long for a worker.
# ASGI (uvicorn workers): the live room's server-sent events wait without holding a thread.
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) collectstatic --noinput --verbosity 0
	@$(MAKE) --no-print-directory serve

serve: install
	@echo "Chỉ Đạo: http://127.0.0.1:$(PORT)/  (Ctrl+C để dừng)"
	@set -e; \
	$(if $(WORKER_CMD),$(WORKER_CMD) & worker_pid=$$!; trap 'kill $$worker_pid 2>/dev/null || true' EXIT;) \
	$(VENV)/bin/gunicorn chidao.asgi:application -k uvicorn_worker.UvicornWorker -b 127.0.0.1:$(PORT) --workers 2 --graceful-timeout 5 --access-logfile -

# --- quality -----------------------------------------------------------------------------------

test: check pytest

# Static checks that need no test database.
check: install-dev
	$(VENV)/bin/ruff check .
	$(MANAGE) makemigrations --check --dry-run

# The whole suite (configuration in pyproject.toml). Its exit status is make's: a failing or
# empty suite (pytest's status 5) fails the target.
pytest: install-dev
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .

# Every scenario runs even when an earlier one misses its target (the table reports it); the
# standalone ones are then folded into bench/results/latest.json by bench.collect.
bench: install-dev
	-$(if $(TASKS),TASKS=$(TASKS) )$(PY) -m bench.run
	-$(PY) bench/follow_the_chair.py
	-$(PY) bench/reminders_day.py
	-$(PY) -m bench.documents
	-$(PY) -m bench.library
	-$(PY) -m bench.members
	$(PY) -m bench.collect

# Locust against two ASGI instances and the worker on loopback (bench/loadtest.py); figures into
# bench/results/loadtest.json. USERS, DURATION, SPAWN_RATE, INSTANCES, WORKERS pass through.
loadtest: install
	$(PY) bench/loadtest.py

# --- housekeeping ------------------------------------------------------------------------------

clean:
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache .hypothesis test-results var/static

# Also removes the virtualenv (the database in var/ stays).
distclean: clean
	rm -rf $(VENV)

# The project's Vietnamese overrides of Django's stock messages (chidao/locale); the .mo is committed,
# so this needs gettext's msgfmt only after editing the .po.
messages: install
	$(MANAGE) compilemessages --locale vi --ignore '$(VENV)' --ignore 'var'
