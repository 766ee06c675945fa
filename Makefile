# Every target bootstraps what it needs: a fresh machine only needs `make docs` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)
SPHINXOPTS ?= -W --keep-going -n -q
# jupyter refuses to start as root (a container, a root shell) unless told it is meant.
USER_ID ?= $(shell id -u)
LAB_OPTIONS = --ip 127.0.0.1 $(if $(filter 0,$(USER_ID)),--allow-root)

.PHONY: help venv system docs html slides test lint serve lab bench load up containers containers-down clean

help:
	@echo "make venv    only the virtualenv: .venv with the project and its extras"
	@echo "make docs    build the site and the deck into _build/html"
	@echo "make test    lint, import contracts, unit and API tests, notebooks, docs build, browser tests"
	@echo "make slides  build only the reveal.js deck (and its PDF) into _build/html/slides"
	@echo "make serve   live preview of the site"
	@echo "make lab     JupyterLab on the notebooks with the project's kernel"
	@echo "make bench   the platform benchmark (start/stop, hop latency)"
	@echo "make load    locust against campus up and in-process: users, scale-out, cache, failure"
	@echo "make up      every service as its own gunicorn process, on PostgreSQL (ARCH=, WORKERS=)"
	@echo "make containers       deploy/compose.yaml under podman, images made here (as root; ARCH=)"
	@echo "make containers-down  removes every container, network and volume it made (both ARCHs)"

$(PY):
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	@echo "installing the project and its extras into $(VENV) (a minute or two the first time)..." >&2
	@SECONDS=0; \
	$(PY) -m pip install --quiet --upgrade pip && \
	$(PY) -m pip install --quiet -e '.[test]' && \
	echo "installed in $${SECONDS} s" >&2
	@touch $(STAMP)

# Every kernel started with the venv's Python reads this (IPython looks in <venv>/etc/ipython).
KERNEL_CONFIG := $(VENV)/etc/ipython/ipython_kernel_config.py
$(KERNEL_CONFIG): .ci/ipython_kernel_config.py | $(PY)
	@mkdir -p $(@D)
	@cp $< $@

venv: $(STAMP) $(KERNEL_CONFIG)
	@bash .ci/notebook-filter $(BIN)/nbstripout

# axe-core, the accessibility engine the browser tests run, from the npm registry.
AXE := $(VENV)/node/node_modules/axe-core/axe.min.js
$(AXE): | $(PY)
	@bash .ci/system-packages npm
	npm install --silent --no-audit --no-fund --prefix $(VENV)/node axe-core@4

# The notebooks the build executes start PostgreSQL, Redis and nginx (campus up) too.
system:
	@bash .ci/system-packages graphviz chromium postgresql redis nginx

# The site, then the deck from the same sources. The deck build (revealjs builder, "deck" tag)
# writes only the deck document, talk/deck.md, and publishes it, with its assets, as
# _build/html/slides/index.html.
# Run one after the other: both share the notebook cache in _build/.jupyter_cache.
SITE_ARGS = -b html $(SPHINXOPTS) . _build/html
DECK_ARGS = -b revealjs -t deck $(SPHINXOPTS) . _build/slides talk/deck.md
SITE_BUILD = $(BIN)/sphinx-build $(SITE_ARGS)
DECK_BUILD = $(BIN)/sphinx-build $(DECK_ARGS)
# Both in one process (talk/_ext/sphinx_builds.py): the imports are paid once.
SITE_AND_DECK_BUILD = $(PY) talk/_ext/sphinx_builds.py "$(SITE_ARGS)" "$(DECK_ARGS)"
# The deck printed to _build/html/slides/deck.pdf, one page per slide (checked as it is written).
DECK_PDF = $(PY) talk/_ext/deck_pdf.py _build/html/slides/index.html
# The talk's plan: per part, slides, budget, notes words and minutes at a speaking pace.
DECK_PLAN = $(PY) talk/_ext/deck_plan.py _build/html/slides/index.html

html: venv system
	$(SITE_BUILD)

slides: venv system
	$(DECK_BUILD)
	$(DECK_PDF)
	@$(DECK_PLAN)

docs: venv system
	$(SITE_AND_DECK_BUILD)
	$(DECK_PDF)
	@$(DECK_PLAN)
	@echo "the site is built: open _build/html/index.html (the deck: _build/html/slides/index.html and deck.pdf)"

# One process by default. `make test PYTEST_WORKERS="-n 4 --dist loadgroup --no-loadscope-reorder"`
# runs pytest-xdist workers: tests/worker_groups.py keeps tests that share a costly fixture on one
# worker and queues the site build, then the slow tests, first; --no-loadscope-reorder keeps that
# order (xdist would queue groups by size, and a lone minute-long test would start last);
# tests/up_slots.py lets two workers at most run `campus up` at a time. Not the default yet: on
# a loaded two-core machine some campus up tests still time out waiting for a slot or a stop.
PYTEST_WORKERS ?=
# `make test TEST_RECORD=tests/recorded/suite-run.json` also writes down how long each test file
# took, dated and with its commit (tests/suite_record.py): the page on the test strategy reads the
# recording committed there. Off by default, so a run leaves the working tree as it found it.
TEST_RECORD ?=
test: venv system $(AXE)
	@bash .ci/system-packages postgresql redis nginx podman debootstrap kubectl
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(if $(TEST_RECORD),CAMPUS_TEST_RECORD=$(TEST_RECORD)) $(BIN)/pytest $(PYTEST_WORKERS)

serve: venv system
	$(BIN)/sphinx-autobuild -b html . _build/html --host 127.0.0.1 --ignore _build --ignore .venv

lab: venv
	$(BIN)/jupyter lab $(LAB_OPTIONS) notebooks

bench: venv
	$(PY) -m campus.bench

# Under twenty minutes; rewrites the recorded runs that parts 5 and 7 read. All refuse
# to record from uncommitted changes (ALLOW_DIRTY=1 passes --allow-dirty: the recordings say so).
load: venv
	@bash .ci/system-packages postgresql redis nginx
	$(PY) -m campus.bench.load --out notebooks/data $(if $(ALLOW_DIRTY),--allow-dirty)
	$(PY) -m campus.bench.blast_radius --out notebooks/data $(if $(ALLOW_DIRTY),--allow-dirty)
	$(PY) -m campus.bench.stalls --out notebooks/data $(if $(ALLOW_DIRTY),--allow-dirty)

ARCH ?= microservices
WORKERS ?= 1
up: venv
	@bash .ci/system-packages postgresql redis nginx
	$(BIN)/campus up --arch $(ARCH) --workers $(WORKERS)

# The deploy files, run: images from Debian's packages (debootstrap, cached per machine), campus's
# from deploy/Dockerfile, then deploy/compose.yaml (ARCH=monolith: compose.monolith.yaml) with
# podman (campus.containers says how).
containers: venv
	@bash .ci/system-packages podman debootstrap
	$(PY) -m campus.containers up --arch $(ARCH)

containers-down: venv
	$(PY) -m campus.containers down

clean:
	rm -rf _build .jupyter_cache
