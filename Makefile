# Two commands for everyone: `make run` and `make test`. Both set themselves up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CHROMIUM := /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8866
# The suite runs in two pytest workers on two cores, a test file per worker at a time (module
# fixtures of the end-to-end tests hold a whole course); `make test WORKERS=1` for one.
WORKERS ?= 2
# Classroom limits of `make run` (see docs/benchmarks.md, "The classroom"): app pages open at
# once, address space per kernel, and how long a closed page's kernel may sit idle.
MAX_KERNELS ?= 40
KERNEL_MEMORY_MB ?= 2048
CULL_IDLE_SECONDS ?= 600

.PHONY: setup chromium run test test-under-load lint bench load-test messages clean help \
	classroom test-classroom

help:
	@echo "make run    - set up, then serve the self-paced curriculum with Voila on http://$(HOST):$(PORT)"
	@echo "make test   - set up (venv, pinned packages, Debian chromium), then run every test"
	@echo "make bench  - run the benchmark suite and write docs/benchmarks.md"
	@echo "make load-test - a classroom of 30 learners for 10 minutes (about 13 min); figures into docs/benchmarks.md"
	@echo "make test-under-load - the whole suite while another process keeps every core busy"
	@echo "make messages - refresh the translation template and catalogues"
	@echo "make classroom - (root) start the classroom JupyterHub on http://127.0.0.1:8000 (docs/classroom.md)"
	@echo "make test-classroom - (root) the course end to end on a real JupyterHub"

# The pinned set in constraints.txt is what CI tested; a re-run with nothing changed is a no-op.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@# JuPedSim without its desktop viewer's PySide6 and VTK; pyproject.toml lists what it uses.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -c constraints.txt jupedsim
	@touch $(STAMP)

setup: $(STAMP)

# Browser tests drive Debian's Chromium; Playwright's own browser download is not available.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Debian's chromium is missing: run 'sudo apt-get install chromium'" >&2; exit 1; \
	  fi; \
	fi

run: setup
	@echo ""
	@echo "  simsuite self-paced curriculum:  http://$(HOST):$(PORT)/"
	@echo "  Instructors: see docs/instructor-guide.md (nbgrader course in grading/)."
	@echo "  Stop with Ctrl+C."
	@echo ""
	$(BIN)/python -m simsuite.server notebooks/ --ip=$(HOST) --port=$(PORT) \
	  --max-kernels=$(MAX_KERNELS) --memory-mb=$(KERNEL_MEMORY_MB) \
	  --cull-idle-seconds=$(CULL_IDLE_SECONDS)

lint: setup
	$(BIN)/ruff check .

test: setup chromium lint
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile --durations=30

# The classroom: JupyterHub with nbgrader's exchange, one Unix account per user (as root).
classroom:
	@grading/classroom/start.sh

# Installs the classroom software (grading/classroom/setup.sh), then runs the hub end to end.
test-classroom: setup chromium
	grading/classroom/setup.sh
	$(BIN)/python -m pytest tests/classroom -m classroom

bench: setup
	$(BIN)/python -m pytest tests/benchmarks --benchmark-only -p no:xdist \
	  --benchmark-json=.benchmarks/latest.json
	$(BIN)/python tests/benchmarks/report.py .benchmarks/latest.json docs/benchmarks.md

# 30 learners open apps, answer and leave for 10 minutes, against 127.0.0.1 only; writes the
# section "The classroom" of docs/benchmarks.md (kept by `make bench`). Not part of `make test`.
load-test: setup chromium
	$(BIN)/python tests/benchmarks/classroom_load.py

# The suite must hold on a busy machine: run it while a hog keeps every core at 100%.
test-under-load: setup chromium lint
	$(BIN)/python tests/load_hog.py -- $(BIN)/python -m pytest -n $(WORKERS) --dist loadfile

# Refresh the message template and every catalogue after interface strings change.
messages: setup
	$(BIN)/pybabel extract -k _ -k N_ -k ngettext:1,2 --no-location --sort-output --project simsuite \
	  -o simsuite/i18n/simsuite.pot simsuite
	$(BIN)/python -m simsuite.i18n.content
	for po in simsuite/i18n/locales/*.po; do \
	  $(BIN)/pybabel update -i simsuite/i18n/simsuite.pot -o $$po -l $$(basename $$po .po) \
	    --no-fuzzy-matching; \
	done
	@# a fixed creation date: the catalogues change only when their messages do
	sed -i 's/^"POT-Creation-Date: .*\\n"$$/"POT-Creation-Date: 2026-01-01 00:00+0000\\n"/' \
	  simsuite/i18n/*.pot simsuite/i18n/locales/*.po simsuite/i18n/locales/content/*.po 2>/dev/null || true

clean:
	rm -rf $(VENV) .pytest_cache .benchmarks build *.egg-info
