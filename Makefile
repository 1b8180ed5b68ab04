# Hireplan: every target finds a Python 3.12+ interpreter itself and keeps its venv in .venv.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements-dev.lock | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run demo test lint fmt lock clean screenshots

install: $(STAMP)

# Re-installs only when the lock file changes (the stamp's name carries its checksum).
$(STAMP): requirements-dev.lock
	@if ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		rm -rf $(VENV); PYBIN=$$(scripts/find-python) && echo "Using $$PYBIN" && $$PYBIN -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	@rm -f $(VENV)/.installed-*
	@touch $@

# Migrates, loads the demo data (idempotent), then runs the app in development mode and a task
# worker beside it (Procfile, run by honcho): email and ahead-of-time briefs go through the worker.
run: demo
	DEBUG=1 HIREPLAN_HOST=$(HOST) HIREPLAN_PORT=$(PORT) $(VENV)/bin/honcho -f Procfile start

demo: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo

test: install lint
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff, and import-linter's contracts in pyproject.toml: imports run down the layers.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

fmt: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerates the hashed lock files from pyproject.toml (needs the network to PyPI).
lock: install
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.12 --generate-hashes -q -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --group dev --universal --python-version 3.12 --generate-hashes -q -o requirements-dev.lock

clean:
	rm -rf $(VENV) .pytest_cache

# Rewrites the README's pictures in docs/screenshots/ (needs Chromium and pdftoppm). `make test`
# takes the same shots into a scratch folder and changes no tracked file.
screenshots: install
	HIREPLAN_SCREENSHOTS=docs/screenshots $(PY) -m pytest -q tests/browser/test_screenshots.py

# Words on screen per step, desktop and phone (issue 22, docs/less-to-read.md): rewrites the
# "after" figures in docs/words-per-step.json. `make test` measures the same and writes nothing.
.PHONY: words
words: install
	HIREPLAN_WORDS=docs/words-per-step.json $(PY) -m pytest -q tests/browser/test_words_per_step.py

# Performance figures, each a ratio against a floor view measured in the same run (not part of
# `make test`; takes a few minutes): prints a table, writes bench/results.json. See
# docs/performance.md. `make bench BENCH_ARGS=--short` is a quick end-to-end pass.
.PHONY: bench
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)
