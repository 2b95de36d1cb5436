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

.PHONY: help lab test test-latest execute bench data site glossary student korean lock clean venv

help:
	@echo "make lab      open the course in JupyterLab (creates .venv on first use)"
	@echo "make test     run every test: helper unit tests and every notebook under nbval"
	@echo "make execute  re-run notebooks top to bottom and save outputs (NB=path for one)"
	@echo "make bench    time every notebook (NB=path for one); writes benchmarks/results.{md,json}"
	@echo "make data     download every dataset into the cache (for offline rooms)"
	@echo "make site     regenerate badges, the Colab cell, README table and index.ipynb"
	@echo "make glossary link each glossary term where a notebook first mentions it"
	@echo "make student  build the student edition (solutions removed) and its zip into student/"
	@echo "make korean   update the Korean catalogs (i18n/ko) and build and run the Korean edition (ko/)"
	@echo "make test-latest  run every notebook (errors only) with the newest release of every dependency"
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
	@test -x /usr/bin/chromium || echo "NOTE: /usr/bin/chromium not found, so the real-browser test will be SKIPPED (apt-get install chromium)."
	$(PY) -m pytest -n 2 --dist loadscope

execute: $(STAMP)
	$(PY) tools/execute.py $(NB)

bench: $(STAMP)
	$(PY) benchmarks/bench.py $(NB)

data: $(STAMP)
	$(PY) -m helpers.data fetch

site: $(STAMP)
	$(PY) tools/sitegen.py

glossary: $(STAMP)
	$(PY) tools/glossary.py

student: $(STAMP)
	$(PY) tools/student.py

korean: $(STAMP)
	$(PY) tools/translate.py

# Upstream check for maintainers: a separate venv with the newest releases of the direct
# dependencies (pins and the lock ignored), every notebook run with errors-only checking.
LATEST := .venv-latest
test-latest:
	@$(PYTHON) tools/require_python.py
	rm -rf $(LATEST) && $(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	sed -E -e 's/[[:space:]]*#.*//' -e 's/==.*//' -e '/^$$/d' requirements.txt > $(LATEST)/requirements-latest.txt
	$(LATEST)/bin/python -m pip install --quiet --upgrade -r $(LATEST)/requirements-latest.txt -e .
	$(LATEST)/bin/python -m pip list --format=freeze > $(LATEST)/installed.txt
	@echo "newest releases installed: see $(LATEST)/installed.txt"
	$(LATEST)/bin/python -m pytest -o addopts="-p no:cacheprovider" --nbval-lax --nbval-current-env -n 2 --dist loadscope chapters case_studies

lock: $(STAMP)
	$(PY) tools/lock.py

clean:
	rm -rf $(VENV) $(LATEST) .pytest_cache src/*.egg-info student screenshots
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
