# The two set-up commands: `make run` (portal on SQLite with the real data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test browser fonts tools bench-tools lint serve-prod delete-demo

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(VENV)/bin/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(VENV)/bin/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test browser fonts tools

# The year-end tests run the portal with its clock set to another day (Debian's libfaketime);
# the printing tests convert exports to PDF with LibreOffice Calc and Word files with Writer;
# the HTML test runs the Nu HTML Checker (vnu-jar from npm) with Java.
tools:
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless; }
	@command -v faketime >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime; }
	@command -v soffice >/dev/null && test -e /usr/lib/libreoffice/program/libswlo.so || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc libreoffice-writer; }

# Browser tests drive Debian's chromium (Playwright cannot download its own browser here) and
# check pages with axe-core from npm (package.json); the HTML test uses vnu-jar from there too.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@test -f node_modules/axe-core/axe.min.js -a -f node_modules/vnu-jar/build/dist/vnu.jar || npm ci --no-audit --no-fund

# Chinese fonts, checked on their own (chromium may be there without them): screenshots and PDF
# exports show boxes instead of characters without a CJK font.
fonts:
	@fc-list :lang=zh family 2>/dev/null | grep -q . || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk; }

# The load generator of bench/catalogue_throughput.py.
bench-tools:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_standard_data --all-units
	$(PY) manage.py ensure_demo_admin
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# Before going live: remove every piece of demo data (演示数据) that `run` loaded, and nothing
# else; `load_demo --delete` deletes each app's in the reverse of the loading order.
delete-demo: install
	$(PY) manage.py load_demo --delete

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# pytest on TEST_WORKERS processes (pytest-xdist), each with a test database of its own, sharing
# out a file at a time in pytest-django's order (tests/xdist_order.py); TEST_WORKERS=0 runs
# serially. Two: the developers' machines and CI have two cores.
TEST_WORKERS ?= 2

# pytest exits 5 when it ran no test; make turns every failure into 2, so say it here.
test: install-test lint
	$(PY) -m pytest -n $(TEST_WORKERS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: the suite is never empty."; fi; \
	exit $$status
