# The two commands a newcomer needs: `make serve` and `make test`.
# Everything else is set up on first use.
VENV := .venv
BIN := $(VENV)/bin
LOWEST := .venv-lowest

.PHONY: serve build test test-lowest bench system-deps

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

# The floors in pyproject.toml, tested: the lowest allowed versions of the direct dependencies
# (scripts/lowest-versions.py) in a venv of their own, with the fast tests (no browser, no packaging).
test-lowest: $(BIN)/glossary system-deps
	rm -rf $(LOWEST)
	python3 -m venv $(LOWEST)
	$(BIN)/python scripts/lowest-versions.py pyproject.toml > $(LOWEST)/lowest.txt
	$(LOWEST)/bin/pip install --quiet -r $(LOWEST)/lowest.txt -e '.[dev]'
	$(LOWEST)/bin/python -m pytest -q -p no:cacheprovider --ignore=tests/test_browser.py --ignore=tests/test_package.py

bench: $(BIN)/glossary
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/check.py
	$(BIN)/python benchmarks/reload.py
