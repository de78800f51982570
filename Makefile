# motcua — `make run` starts the demo system, `make test` runs the whole suite. Both install into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= motcua.settings.dev

.PHONY: install messages makemessages migrate demo run test lint schema clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Compile the translation catalogs (.po -> .mo) in pure Python: no gettext needed on the machine.
messages: install
	$(BIN)/motcua compilecatalogs

# Extract new strings into the catalogs (needs GNU gettext: apt-get install gettext).
makemessages: install
	cd src/motcua && ../../$(BIN)/motcua makemessages --locale vi --locale en --no-obsolete --no-wrap \
		--ignore 'tests/*' --ignore '*/tests/*'

migrate: messages
	$(BIN)/motcua migrate --no-input

demo: migrate
	$(BIN)/motcua demo

run: demo
	@echo "motcua is starting on http://$(HOST):$(PORT)/ (demo logins above; stop with Ctrl+C)"
	$(BIN)/motcua runserver $(HOST):$(PORT)

test: messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

schema: install
	$(BIN)/motcua spectacular --lang en --file docs/openapi.yaml --validate

bench: install
	$(BIN)/python bench/bench_workdays.py --write docs/benchmarks.md

clean:
	rm -rf $(VENV) var/static .pytest_cache
