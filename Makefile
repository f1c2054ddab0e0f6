# One command to set up and run, one to test. Each creates .venv/ and installs vnie into it
# the first time (and again whenever pyproject.toml or constraints.txt changes), every
# package at the version constraints.txt pins, with the pip `python3 -m venv` ships (not
# upgraded: what a user's fresh venv has is what CI proves works).
VENV ?= .venv
PY := $(VENV)/bin/python
OUT ?= out

.PHONY: run test browser
run: $(VENV)/.installed
	$(VENV)/bin/vnie run -o $(OUT)

test: $(VENV)/.installed browser
	$(PY) -m pytest

# The page tests (tests/test_browser.py) look at `vnie show` pages in a real headless
# Chromium: Debian's package, installed here when missing (CI runs as root with apt).
browser:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

$(VENV)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@
