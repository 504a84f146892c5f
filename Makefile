# spkg: set-up, serve and test. `make run` and `make test` work on a fresh machine: each creates
# the virtual environment and installs what is missing first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
DATA ?= data

.DEFAULT_GOAL := help
.PHONY: help setup java iso-codes run ingest validate serve test test-all lint format clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | sort | column -t -s $$'\t'

# Re-install only when the project's dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

setup: $(STAMP) java iso-codes ## create .venv and install spkg with its test tools

# The OWL reasoner (HermiT, run by owlready2) needs a Java runtime.
java:
	@command -v java >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }

# Debian's ISO 3166 tables: a test checks ontology/countries.csv against them (and pycountry).
iso-codes:
	@test -f /usr/share/iso-codes/json/iso_3166-1.json || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iso-codes; } || echo "iso-codes not installed: the country test uses pycountry only"

validate: setup ## check data/ without writing anything
	$(BIN)/spkg validate $(DATA)

ingest: setup ## load data/ into the embedded store (.spkg/store)
	$(BIN)/spkg ingest $(DATA)

serve: setup ## serve the store on http://$(HOST):$(PORT)
	$(BIN)/spkg serve --host $(HOST) --port $(PORT)

run: ingest serve ## set up, ingest data/ and serve on http://127.0.0.1:8000

test: setup ## the test suite (fast parts; CI runs this)
	$(BIN)/pytest -q

test-all: setup ## every test, the slow ones included
	$(BIN)/pytest -q -m ''

lint: setup ## ruff lint, format check and mypy over ingest/ and api/
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: setup ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## remove the environment, the store and caches
	rm -rf $(VENV) .spkg .pytest_cache .ruff_cache .hypothesis

# --- Benchmarks -------------------------------------------------------------------------------
# Figures go to bench/results/*.json and bench/RESULTS.md; benchmarks never pass or fail a build.
# `make bench` runs 1 and 10 synthetic reviews (a few minutes); `make bench-full` (or
# BENCH_FULL=1 make bench) adds 100 and 1000 reviews, which takes much longer.
.PHONY: bench bench-full bench-setup

# wrk is the load generator for the HTTP figures; without it a slower Python client is used.
bench-setup: setup
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; } || echo "wrk not installed: using the Python load generator"

bench: bench-setup ## benchmarks at 1 and 10 reviews (BENCH_FULL=1 adds 100 and 1000)
	$(BIN)/python -m bench.run $(if $(BENCH_FULL),--full,)

bench-full: ## benchmarks from 1 to 1000 reviews (long; run it in the background)
	$(MAKE) bench BENCH_FULL=1
# --- end of Benchmarks ------------------------------------------------------------------------

# The full W3C query-evaluation run through the SPARQL endpoint (about 10 s; rewrites
# tests/conformance/evaluation-results.tsv). `make test` runs the protocol tests and a sample.
.PHONY: test-conformance
test-conformance: setup ## W3C SPARQL 1.0/1.1 query-evaluation tests via the endpoint
	$(BIN)/pytest -q -s -m slow tests/conformance

# --- FAIR publication ---------------------------------------------------------------------------
# The SPARQL editor is YASGUI served by spkg itself from the @zazuko/yasgui npm package (pinned in
# api/static/yasgui/package-lock.json, installed into its git-ignored node_modules), so nothing is
# fetched from a CDN at run time. The browser test drives Debian's chromium through
# chromium-driver; installing them here keeps that test from skipping in CI.
YASGUI_DIR := api/static/yasgui
YASGUI_STAMP := $(YASGUI_DIR)/node_modules/@zazuko/yasgui/build/yasgui.min.js
.PHONY: node-assets browser release

$(YASGUI_STAMP): $(YASGUI_DIR)/package.json $(YASGUI_DIR)/package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	npm ci --prefix $(YASGUI_DIR) --no-audit --no-fund --ignore-scripts
	touch $@

# axe-core (npm, pinned in api/static/explorer/package-lock.json) checks the explorer's pages in
# the browser tests; the explorer's own script and style are files of the repository.
EXPLORER_DIR := api/static/explorer
EXPLORER_STAMP := $(EXPLORER_DIR)/node_modules/axe-core/axe.min.js

$(EXPLORER_STAMP): $(EXPLORER_DIR)/package.json $(EXPLORER_DIR)/package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }
	npm ci --prefix $(EXPLORER_DIR) --no-audit --no-fund --ignore-scripts
	touch $@

node-assets: $(YASGUI_STAMP) $(EXPLORER_STAMP) ## install YASGUI for the SPARQL editor and axe-core (npm)

browser: ## install Debian chromium and chromium-driver for the browser test
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

# The editor's assets are part of set-up, so `make run` serves a working editor; the browser is
# needed only by the tests, so `make test` installs it and runs the browser test, never skips it.
setup: node-assets
test test-all: browser

release: setup ## write a release folder with dumps and ro-crate-metadata.json (OUT=release)
	$(BIN)/python -m api.release $(or $(OUT),release)
# --- end of FAIR publication --------------------------------------------------------------------

# --- Reliability ---------------------------------------------------------------------------------
# Hostile queries, injection canary, API fuzzing, ingest kills, load and CSV fuzzing
# (tests/reliability/README.md). `make test` runs short versions of each; this target runs the
# full counts (200 fuzz cases per operation, 500 strings per parameter, 20 kills per backend,
# 60 s of load) and the slow parts, writing the figures to bench/results/reliability.json.
.PHONY: test-reliability

test-reliability: setup ## the full reliability and security suite (about 15-25 minutes)
	RELIABILITY_FULL=1 $(BIN)/pytest -q -m "" tests/reliability
# --- end of Reliability --------------------------------------------------------------------------

# --- Virtuoso ------------------------------------------------------------------------------------
# A second real SPARQL engine: Debian's Virtuoso Open Source. The tests start their own
# throw-away server on free 127.0.0.1 ports (tests/engines/virtuoso.py), so the package's own
# service (ports 8890 and 1111) is stopped and disabled if the install started it. What the remote
# store has to know about Virtuoso is measured and written down in docs/engines.md.
.PHONY: virtuoso test-virtuoso

virtuoso: ## install Debian's virtuoso-opensource (virtuoso-t, isql-vt), its service left off
	@command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource; \
	  service virtuoso-opensource-7 stop >/dev/null 2>&1; \
	  systemctl disable virtuoso-opensource-7 >/dev/null 2>&1 || update-rc.d virtuoso-opensource-7 disable >/dev/null 2>&1; \
	  true; }

test-virtuoso: setup virtuoso ## the Virtuoso-marked tests against a throw-away Virtuoso server
	$(BIN)/pytest -q -m 'virtuoso and not slow' tests/engines tests/store tests/api tests/ingest
# --- end of Virtuoso -----------------------------------------------------------------------------
