# densegrade: two commands on a fresh machine — `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_OUT ?= demo-output

# Offline copies of the data sets beside the project (tests, CI, this machine).
SHARED_DATA := $(abspath ../shared/data)
ifneq ($(wildcard $(SHARED_DATA)/mnist/mnist.npz),)
export DENSEGRADE_DATA_DIR ?= $(SHARED_DATA)
endif

.PHONY: install pins browser slurm test test-fast demo build lint clean

install: $(STAMP)

# The tested set: exactly the versions constraints.txt pins (the Gradescope zip pins the same).
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# Re-pin the tested set to what is installed now (after changing pyproject.toml's ranges).
pins: install
	{ grep '^#' constraints.txt; $(BIN)/python -m pip freeze --all --exclude-editable | \
		grep -v '^pip=='; } > constraints.txt.new && mv constraints.txt.new constraints.txt

# Debian's chromium, for the report pages' browser tests (apt needs root, or sudo).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -q && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

# Debian's Slurm and munge, for the cluster tests: they start a single-node Slurm of
# their own and stop it (tests/cluster/single_node.py).
SLURM_COMMANDS := munged slurmctld slurmd sbatch squeue scancel scontrol sinfo
slurm:
	@( for c in $(SLURM_COMMANDS); do PATH="$$PATH:/usr/sbin:/sbin" command -v $$c >/dev/null || exit 1; done ) \
		|| { $(SUDO) dpkg --configure -a && $(SUDO) apt-get update -q && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			munge slurmctld slurmd slurm-client; }

test: install browser slurm
	$(BIN)/ruff check autograder tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

# The everyday loop: lint and every test that runs no notebook (about a minute).
test-fast: install
	$(BIN)/ruff check autograder tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -m "not notebook"

demo: install
	$(BIN)/densegrade demo --out $(DEMO_OUT)

build: install
	$(BIN)/densegrade build

lint: install
	$(BIN)/ruff check autograder tests benchmarks
	$(BIN)/ruff format --check autograder tests benchmarks

clean:
	rm -rf $(VENV) *.egg-info $(DEMO_OUT) grading-output .pytest_cache .ruff_cache
