# Two commands on a fresh machine: `make site` then `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml package-lock.json | cksum | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING = 1

.PHONY: site test lint browser serve golden schemas bench lock dist clean

$(STAMP): requirements.lock pyproject.toml package-lock.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@# Pinned by package-lock.json: the iframe-worker shim for offline search (tutoral pack), and
	@# the checkers the tests run (axe-core, vnu-jar). No install scripts: Java comes from Debian.
	command -v npm >/dev/null && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
	  || echo "npm is missing: tutoral pack will ask for the iframe-worker shim"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## Debian's Chromium and Java for the browser and HTML-validity tests, poppler-utils for the
## documents' tests (pdftotext, pdffonts), Pango for the PDF engine (as root); without them
## those tests are skipped, saying so.
browser:
	@{ command -v chromium && command -v java && command -v pdffonts; } >/dev/null \
	  || { [ "$$(id -u)" = 0 ] \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	     chromium default-jre-headless poppler-utils libpango-1.0-0 libpangoft2-1.0-0 \
	     libharfbuzz-subset0 >/dev/null; } \
	  || echo "Chromium, Java or poppler could not be installed: those tests will be skipped"

## Set everything up, read the example's traces and answers, build the handbook into site/ (and
## the second handbook it reuses, into examples/reseau-tad/site/).
site: $(STAMP)
	@# The example's traces audit, from a synthetic Moodle export of fictional people: the
	@# aggregates it writes are those committed; the follow-up list goes to private/.
	$(BIN)/tutoral traces module-1 examples/moodle-logs/logs_module-1.csv --quiet
	@# Its learners' questionnaire, from Moodle Feedback's responses download (fictional answers).
	$(BIN)/tutoral answers questionnaire-apprenants examples/answers/questionnaire-apprenants.csv \
		--review examples/answers/review-questionnaire-apprenants.yaml --quiet
	@# The second handbook whose interventions module 2 reuses (examples/reseau-tad). Its
	@# catalogue is vendored in content/catalogues/ (tutoral catalogue update tad, which reads
	@# examples/reseau-tad/site/catalogue.json): the build reads only that committed copy, and
	@# tests/test_catalogue_reuse.py checks that it is what this handbook publishes.
	$(BIN)/tutoral build --project examples/reseau-tad --quiet
	$(BIN)/tutoral build --pdf

## Lint, type-check and run every test (what CI runs).
test: $(STAMP) lint browser
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check tutoral_gen tests bench
	$(BIN)/ruff format --check tutoral_gen tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

## Live preview at http://127.0.0.1:8000/
serve: $(STAMP)
	$(BIN)/tutoral serve

## Rewrite the golden files of tests/golden/ after an intended change of the output.
golden: $(STAMP)
	TUTORAL_UPDATE_GOLDEN=1 $(BIN)/python -m pytest tests/test_golden.py

## Regenerate the JSON Schemas of the content files from the model (tutoral_gen/schemas/).
schemas: $(STAMP)
	$(BIN)/python -m tutoral_gen.source.schema

## Generate large projects and print where the build time goes, then a million-row Moodle log
## and `tutoral traces` on it against pandas, time and peak memory (takes minutes).
bench: $(STAMP)
	$(BIN)/python bench/bench_build.py
	$(BIN)/python bench/bench_traces.py
	$(BIN)/python bench/bench_pdf.py

## The sdist and the wheel into dist/, as the release workflow builds them (for tutoral new --vendor).
dist: $(STAMP)
	$(BIN)/python -m build --outdir dist

## Re-pin every dependency after changing pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[test]'
	{ head -2 requirements.lock; .lock-venv/bin/pip freeze --exclude-editable | grep -v tutoral; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lock-venv

clean:
	rm -rf build site dist .site.* .build.* .pytest_cache .mypy_cache .ruff_cache tests/artifacts
