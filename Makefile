# Every target creates .venv and installs what it needs, so a fresh clone needs nothing by hand.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint typecheck pytest demo bench soak fuzz clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy bot/ cogs/ db/

# Six workers on the 2-core CI machine: the e2e tests mostly wait on Discord's (the fake's)
# rate-limit buckets, so more processes than cores keep both cores busy; the longest tests
# start first and idle workers steal the rest (tests/support/schedule.py).
# Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set: each worker collects every
# test module, and compiling them (assertion rewriting) anew costs each worker ~6 s of CPU.
pytest: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q -n 6

test: lint typecheck pytest

# Domain and services only: no Discord, no processes; seconds, for the edit-test loop.
test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not slow and not e2e" tests/domain tests/services

demo: $(STAMP)
	$(BIN)/python -m tests.demo

bench: $(STAMP)
	$(BIN)/python -m bench

# 10,000 random reactions racing the bot, 5 SIGKILLs, 50 ms REST latency: prints drift and lost last acts.
soak: $(STAMP)
	$(BIN)/python -m bench.bench_soak

fuzz: $(STAMP)
	YRKA_FUZZ_EXAMPLES=10000 $(BIN)/pytest -q tests/domain/test_fuzz.py tests/domain/test_parsing.py --timeout 1800

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache demo-output
