# Every target bootstraps what it needs: a fresh machine only needs `make docs` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)
SPHINXOPTS ?= -W --keep-going -n -q

.PHONY: help venv system docs html slides test lint serve lab bench clean

help:
	@echo "make docs    build the site and the deck into _build/html"
	@echo "make test    lint, import contracts, unit and API tests, notebooks, docs build, browser tests"
	@echo "make slides  build only the reveal.js deck into _build/html/slides"
	@echo "make serve   live preview of the site"
	@echo "make lab     JupyterLab on the notebooks with the project's kernel"
	@echo "make bench   the platform benchmark (start/stop, hop latency)"

$(PY):
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

system:
	@bash .ci/system-packages graphviz

html: venv system
	$(BIN)/sphinx-build -b html $(SPHINXOPTS) . _build/html

slides: venv system
	$(BIN)/sphinx-build -b revealjs $(SPHINXOPTS) . _build/slides
	rm -rf _build/html/slides && mkdir -p _build/html && cp -r _build/slides _build/html/slides

docs: html slides

test: venv system
	@bash .ci/system-packages chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest

serve: venv system
	$(BIN)/sphinx-autobuild -b html . _build/html --host 127.0.0.1 --ignore _build --ignore .venv

lab: venv
	$(BIN)/jupyter lab --ip 127.0.0.1 notebooks

bench: venv
	$(PY) -m campus.bench

clean:
	rm -rf _build .jupyter_cache
