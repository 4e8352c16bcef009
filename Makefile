# CampaignSafe: `make run` and `make test` each do all of their own set-up.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed

.PHONY: run test lint bench install services chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

instance:
	mkdir -p instance

run: install instance
	$(BIN)/flask --app webapp db upgrade
	$(BIN)/flask --app webapp seed-demo
	PORT=$(PORT) bash scripts/run-dev.sh

chromium:
	@command -v chromium >/dev/null || ( apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null )

services:
	@bash scripts/ensure-postgres.sh

lint: install
	$(BIN)/ruff check webapp jobs tests bench migrations

test: install chromium services lint
	$(BIN)/pytest

bench: install services
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) instance test-artifacts .pytest_cache
