# Regionportal – the targets README.md names.
#   make run    create .venv, migrate a SQLite database, load the demo content, serve http://127.0.0.1:8000/
#   make test   create .venv, install the browser tools, run checks and the whole test suite
#   make bench  benchmark under gunicorn with wrk (scripts/bench.py; ARGS="--db postgres")
#   make crawl  every reference of every public page, served as in production (scripts/crawl.py)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
DEV    := DJANGO_DEBUG=1

.PHONY: run test test-only checks install install-dev demo messages clean bench crawl

# Serving the portal needs only the runtime packages; the test tools come on top for `make test`.
$(STAMP): pyproject.toml
	@[ -x $(PY) ] || { PYTHON=$$(.ci/find-python) && "$$PYTHON" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet .
	@touch $(STAMP)

$(DEVSTAMP): $(STAMP)
	$(PY) -m pip install --quiet ".[dev]"
	@touch $(DEVSTAMP)

install: $(STAMP)

install-dev: $(DEVSTAMP)

# The compiled translations (locale/*/LC_MESSAGES/django.mo) are committed, so serving needs no gettext tools.
demo: install
	$(DEV) $(PY) manage.py migrate --noinput -v0
	$(DEV) $(PY) manage.py load_demo --if-empty

run: demo
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

checks: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check --quiet .
	$(DEV) $(PY) manage.py check
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	@for po in locale/*/LC_MESSAGES/*.po; do \
	  msgfmt --check-format -o - "$$po" | cmp -s - "$${po%.po}.mo" || { echo "$${po%.po}.mo ist veraltet: make messages"; exit 1; }; \
	done

test: install-dev
	@bash .ci/install-browser-tools
	@$(MAKE) --no-print-directory test-only

test-only: checks
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

# The benchmark (scripts/bench.py): gunicorn + wrk against bulk data; ARGS="--db postgres" for PostgreSQL.
bench: install
	$(PY) scripts/bench.py $(ARGS)

# A crawl of the demo portal under gunicorn (2 workers, production settings): exit status 1 on a broken reference.
crawl: install
	$(PY) scripts/crawl.py $(ARGS)

messages: install-dev
	$(DEV) $(PY) manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=.cache
	$(DEV) $(PY) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
