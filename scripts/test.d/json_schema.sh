#!/usr/bin/env bash
# Every command's JSON output against its schema in docs/schema/ (Python's
# jsonschema, in a virtual environment of its own when not installed).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -q --bin brink
PY=python3
if ! python3 -c 'import jsonschema' 2>/dev/null; then
    VENV=$(mktemp -d /tmp/brink-schema-venv.XXXXXX)
    trap 'rm -rf "$VENV"' EXIT
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q jsonschema
    PY="$VENV/bin/python"
fi
"$PY" scripts/check_schemas.py target/debug/brink
