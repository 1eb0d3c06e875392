# Two commands matter: `make run` and `make test`. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VENDOR := static/vendor

.PHONY: run test setup assets lint format bench bench-quick worker beat clean

setup: $(VENV)/.installed $(VENDOR)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

# Third-party CSS/JS comes from the npm registry and is served by the app, never a CDN.
$(VENDOR)/.installed: package.json package-lock.json Makefile
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	# The source maps go too: production's manifest storage refuses files that name a missing map.
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/axe-core/axe.min.js $(VENDOR)/
	touch $@

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The benchmark uses throwaway databases beside this one ("<name>_bench") and a Redis db of its own;
# it never touches the database named here. run.py times pages in-process at two sizes (query counts),
# serve.py serves them through gunicorn with a Celery worker and writes bench/RESULTS.md.
BENCH_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/talent_ladder)
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/6
BENCH_ENV := DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_REDIS_URL=$(BENCH_REDIS_URL)

bench: setup
	$(BENCH_ENV) $(PY) bench/run.py --json bench/.inprocess.json
	$(BENCH_ENV) $(PY) bench/serve.py --inprocess bench/.inprocess.json

bench-quick: setup
	$(BENCH_ENV) $(PY) bench/run.py --sizes 500 2000 --runs 3 --json bench/.inprocess.json
	$(BENCH_ENV) $(PY) bench/serve.py --quick --inprocess bench/.inprocess.json

worker: setup
	$(VENV)/bin/celery -A workforce worker -l info

beat: setup
	$(VENV)/bin/celery -A workforce beat -l info

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles
