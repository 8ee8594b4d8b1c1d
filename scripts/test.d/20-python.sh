#!/usr/bin/env bash
# The Python package (python/): lints its PyO3 crate, builds it with maturin
# into a fresh virtual environment (`pip install ./python`, a release build:
# 13 minutes from a clean target/ on the shared 2-core machine at load 15,
# under 2 when only the package changed), and runs pytest (each
# function checked against the `brink` CLI's output, the Dask runs on a
# LocalCluster of two worker processes), the docstring examples and the
# example script of examples/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The PyO3 crate is outside the workspace (it needs a Python to build): its
# own fmt and clippy here. It shares target/ with the workspace, so the
# library crates are compiled once.
export CARGO_TARGET_DIR="$ROOT/target"
(cd python && cargo fmt --check && cargo clippy -q --all-targets -- -D warnings)
# The CLI the tests compare against, in the profile `cargo test` built it
# in (scripts/test-all runs that first), so nothing is compiled twice.
cargo build -q --profile test --bin brink
export BRINK_BIN="$ROOT/target/debug/brink"
python3 -m venv "$WORK/venv"
PY="$WORK/venv/bin/python"
"$PY" -m pip install -q --upgrade pip
"$PY" -m pip install -q maturin pytest numpy pandas "dask[distributed]" matplotlib
"$PY" -m pip install -q ./python
# Run from the work directory so that `import brinkmanship` is the installed
# package, not python/brinkmanship without its compiled module.
cd "$WORK"
"$PY" -m pytest -q -p no:cacheprovider "$ROOT/python/tests"
"$PY" -m pytest -q -p no:cacheprovider --doctest-modules --pyargs brinkmanship
MPLBACKEND=Agg "$PY" "$ROOT/examples/python_war1800_and_levers.py" "$WORK"
test -s "$WORK/predprobs_war1800.png"
