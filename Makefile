# `make site` builds the site from seeds/; `make test` runs every test. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test lint golden bench serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(PY) -m generator build

test: $(STAMP)
	@$(PY) -m ruff check --quiet generator tests bench theme
	@$(PY) -m ruff format --check --quiet generator tests bench theme
	@$(PY) -m mypy --no-error-summary
	@$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check generator tests bench theme

golden: $(STAMP)
	UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py

bench: $(STAMP)
	$(PY) bench/run.py

serve: $(STAMP)
	$(PY) -m generator serve

clean:
	rm -rf site pages .cache
