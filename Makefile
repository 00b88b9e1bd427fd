# Regionportal – the targets README.md names.
#   make run    create .venv, migrate a SQLite database, load the demo content, serve http://127.0.0.1:8000/
#   make test   create .venv, install the browser tools, run checks and the whole test suite
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEV    := DJANGO_DEBUG=1

.PHONY: run test test-only checks install demo messages clean

$(STAMP): pyproject.toml
	@PYTHON=$$(.ci/find-python) && "$$PYTHON" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

demo: install
	$(DEV) $(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules
	$(DEV) $(PY) manage.py migrate --noinput -v0
	$(DEV) $(PY) manage.py load_demo --if-empty

run: demo
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

checks: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check --quiet .
	$(DEV) $(PY) manage.py check
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	$(DEV) $(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

test: install
	@bash .ci/install-browser-tools
	@$(MAKE) --no-print-directory test-only

test-only: checks
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

messages: install
	$(DEV) $(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules
	$(DEV) $(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
