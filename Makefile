# TĐKT assistant — `make run` sets up and serves; `make test` sets up and tests.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TDKT := $(VENV)/bin/tdkt
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export TOKENIZERS_PARALLELISM := false
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False

.PHONY: help setup sysdeps import index run serve test lint eval bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	# the CPU build of torch first (taken from this machine's wheel), so nothing pulls CUDA
	$(VENV)/bin/pip install --disable-pip-version-check -q torch==2.13.0
	$(VENV)/bin/pip install --disable-pip-version-check -q -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP) ## create .venv and install the pinned dependencies

sysdeps: ## install the system tools the tests use (chromium, LibreOffice, poppler) when missing
	@bash scripts/sysdeps.sh

import: setup ## import the document pack (../shared/corpus or $$TDKT_PACK) into corpus/pack
	$(TDKT) corpus import

index: import ## build the indexes (unchanged documents are reused)
	$(TDKT) index

run: import ## set up, import, index and serve the web chat and API (vectors follow in the background)
	$(TDKT) index --vectors later
	$(TDKT) serve

serve: ## serve with what is built
	$(TDKT) serve

test: setup sysdeps import ## set up and run the test suite
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

lint: setup ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

eval: index ## run the evaluation harness on the dev set (with baselines)
	$(PY) -m evals run --qa ../shared/evals/dev.jsonl --out evals/reports/latest

bench: index ## run the benchmarks and print the table
	$(PY) -m bench

clean: ## remove the venv, built indexes and the imported pack
	rm -rf $(VENV) indexes/*/ corpus/pack
