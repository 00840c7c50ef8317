# Two commands on a fresh machine: `make site` then `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING = 1

.PHONY: site test lint serve golden schemas bench lock clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## Set everything up and build the example handbook into site/.
site: $(STAMP)
	$(BIN)/tutoral build

## Lint, type-check and run every test (what CI runs).
test: $(STAMP) lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check tutoral_gen tests bench
	$(BIN)/ruff format --check tutoral_gen tests bench
	$(BIN)/mypy

## Live preview at http://127.0.0.1:8000/
serve: $(STAMP)
	$(BIN)/tutoral serve

## Rewrite the golden files of tests/golden/ after an intended change of the output.
golden: $(STAMP)
	TUTORAL_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py

## Regenerate the JSON Schemas of the content files from the model (tutoral_gen/schemas/).
schemas: $(STAMP)
	$(BIN)/python -m tutoral_gen.schema

## Generate large projects and print where the time goes (takes minutes).
bench: $(STAMP)
	$(BIN)/python bench/bench_build.py

## Re-pin every dependency after changing pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[test]'
	{ head -2 requirements.lock; .lock-venv/bin/pip freeze --exclude-editable | grep -v tutoral; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lock-venv

clean:
	rm -rf build site .site.* .pytest_cache .mypy_cache .ruff_cache
