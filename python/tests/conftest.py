"""Shared fixtures: the repository, and the `brink` CLI whose output every
function is checked against (built by scripts/test.d/20-python.sh; BRINK_BIN
names it)."""

import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "testdata" / "gambit"
ESTIMATE_DATA = ROOT / "crates" / "brink-estimate" / "tests" / "data"


def _brink_path() -> str:
    path = os.environ.get("BRINK_BIN", str(ROOT / "target" / "debug" / "brink"))
    if not os.path.exists(path):
        pytest.fail(f"the brink CLI is not at {path}: build it (cargo build --bin brink) "
                    "or set BRINK_BIN")
    return path


class Cli:
    """Runs the `brink` binary."""

    def __init__(self, path: str) -> None:
        self.path = path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        p = subprocess.run([self.path, *map(str, args)], capture_output=True, text=True)
        if check and p.returncode != 0:
            raise AssertionError(f"brink {' '.join(map(str, args))} failed: {p.stderr}")
        return p

    def text(self, *args: str) -> str:
        return self.run(*args).stdout

    def json(self, *args: str):
        return json.loads(self.run(*args).stdout)


@pytest.fixture(scope="session")
def cli() -> Cli:
    return Cli(_brink_path())
