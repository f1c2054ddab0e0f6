# One command to set up and run, one to test. Each creates .venv/ and installs vnie into it
# the first time (and again whenever pyproject.toml changes).
VENV ?= .venv
PY := $(VENV)/bin/python
OUT ?= out

.PHONY: run test
run: $(VENV)/.installed
	$(VENV)/bin/vnie run -o $(OUT)

test: $(VENV)/.installed
	$(PY) -m pytest

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@
