#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the grading image for @ASSIGNMENT@.
# Written by `densegrade build --zip`; see docs/gradescope.md.
#
# Steps, in order (`setup.sh STEP...` runs only those):
#   python    a Python @PYTHON_VERSION@ (at least @PYTHON_MINIMUM@, as the pinned packages need)
#             beside the system's: Gradescope's harness keeps its own python3
#   packages  a virtual environment with the pinned, tested packages (requirements.txt)
#             and the grader itself (@WHEEL@), nothing resolved anew
#   data      the data sets, fetched once here and verified; submissions never download
#   check     the grader imports, reads its settings and serves the verified data
# Any failure stops the build with a message naming the step: an image that cannot
# grade must never be used.
set -euo pipefail

SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV=@VENV@
DATA=@DATA_DIR@
PYTHON_VERSION=@PYTHON_VERSION@
PYTHON_MINIMUM=@PYTHON_MINIMUM@
CONDA_PREFIX_DIR=/opt/densegrade-python
MINIFORGE=https://github.com/conda-forge/miniforge/releases/download/25.3.1-0
STEP=start

fail() {
    echo "densegrade setup FAILED in step '$STEP': $*" >&2
    echo "The image cannot grade; fix the cause and upload the zip again." >&2
    exit 1
}
trap 'fail "the command on line $LINENO exited with status $?"' ERR

suitable() {  # a Python $PYTHON_VERSION.x with x at least the minimum's
    "$1" -c "import sys; v = sys.version_info; m = tuple(map(int, '$PYTHON_MINIMUM'.split('.')))
sys.exit(not (v[:2] == m[:2] and v[:3] >= m))" 2>/dev/null
}

find_python() {
    for candidate in "${PYTHON:-}" "$CONDA_PREFIX_DIR/bin/python$PYTHON_VERSION" \
        "$(command -v "python$PYTHON_VERSION" || true)"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ] && suitable "$candidate"; then
            echo "$candidate"
            return
        fi
    done
}

step_python() {
    if [ -n "$(find_python)" ]; then
        return
    fi
    # Ubuntu's own python3.11 is older than the pinned packages allow: conda-forge's
    apt-get install -y -q wget ca-certificates
    wget -nv "$MINIFORGE/Miniforge3-Linux-$(uname -m).sh" -O /tmp/miniforge.sh
    bash /tmp/miniforge.sh -b -p /opt/miniforge
    /opt/miniforge/bin/conda create -y -q -p "$CONDA_PREFIX_DIR" "python=$PYTHON_VERSION"
    [ -n "$(find_python)" ] || fail "no Python $PYTHON_VERSION (at least $PYTHON_MINIMUM) after installing it"
}

step_packages() {
    local python
    python="$(find_python)"
    [ -n "$python" ] || fail "no Python $PYTHON_VERSION (at least $PYTHON_MINIMUM): run the python step first"
    "$python" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --no-deps -r "$SOURCE/requirements.txt"
    "$VENV/bin/python" -m pip install -q --no-deps "$SOURCE/@WHEEL@"
    "$VENV/bin/python" -m pip check
}

step_data() {
    [ -x "$VENV/bin/densegrade" ] || fail "the grader is not installed: run the packages step first"
    "$VENV/bin/densegrade" fetch-data "$DATA"
}

step_check() {
    "$VENV/bin/python" -m autograder.drivers.gradescope.runner --check "$(dirname "$SOURCE")"
}

STEPS=("$@")
if [ ${#STEPS[@]} -eq 0 ]; then
    STEPS=(python packages data check)
fi
for STEP in "${STEPS[@]}"; do
    case "$STEP" in
        python | packages | data | check) "step_$STEP" ;;
        *) fail "unknown step (known: python packages data check)" ;;
    esac
    echo "densegrade setup: step '$STEP' done"
done
