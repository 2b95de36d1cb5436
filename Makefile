# ML at Work, the interactive course. `make help` lists the targets.
# Works on Linux and macOS with Python 3.11+; Windows users: see "Without make" in README.md.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed

# Same environment for tests, re-execution and the benchmark (conftest.py and tools/courseenv.py
# apply it too, so plain `pytest` behaves the same).
export PYTHONHASHSEED := 0
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Datasets: a read-only folder that pre-fills the cache (CI: ../shared/data). Made absolute
# because notebooks run with their own folder as working directory.
ifneq ($(ML_AT_WORK_DATA),)
export ML_AT_WORK_DATA := $(abspath $(ML_AT_WORK_DATA))
endif

NB ?=

.PHONY: help lab test execute bench data site lock clean venv

help:
	@echo "make lab      open the course in JupyterLab (creates .venv on first use)"
	@echo "make test     run every test: helper unit tests and every notebook under nbval"
	@echo "make execute  re-run notebooks top to bottom and save outputs (NB=path for one)"
	@echo "make bench    time every notebook (NB=path for one); writes benchmarks/results.{md,json}"
	@echo "make data     download every dataset into the cache (for offline rooms)"
	@echo "make site     regenerate badges, the Colab cell, README table and index.ipynb"
	@echo "make lock     re-freeze constraints.txt from the current .venv"
	@echo "make clean    remove .venv and caches"

# The venv is rebuilt only when the dependency files change.
$(STAMP): requirements.txt constraints.txt pyproject.toml tools/require_python.py
	@$(PYTHON) tools/require_python.py
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -c constraints.txt -e .
	@touch $(STAMP)

venv: $(STAMP)

# JupyterLab refuses to run as root without --allow-root (containers, CI machines).
lab: $(STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,) index.ipynb

test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadfile

execute: $(STAMP)
	$(PY) tools/execute.py $(NB)

bench: $(STAMP)
	$(PY) benchmarks/bench.py $(NB)

data: $(STAMP)
	$(PY) -m helpers.data fetch

site: $(STAMP)
	$(PY) tools/sitegen.py

lock: $(STAMP)
	$(PY) tools/lock.py

clean:
	rm -rf $(VENV) .pytest_cache src/*.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
