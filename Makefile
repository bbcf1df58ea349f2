# The two commands a newcomer needs: `make serve` and `make test`.
# Everything else is set up on first use.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: serve build test bench system-deps

$(BIN)/glossary: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/axe-core: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

system-deps:
	bash scripts/system-deps.sh

serve: $(BIN)/glossary
	$(BIN)/glossary serve

build: $(BIN)/glossary
	$(BIN)/glossary build

test: $(BIN)/glossary system-deps node_modules/axe-core
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(BIN)/glossary
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/check.py
