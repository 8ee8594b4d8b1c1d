#!/usr/bin/env bash
# Browser tests of `brink serve`: Debian's headless Chromium, driven through
# chromedriver by Selenium (from PyPI, in a virtual environment made here).
# Installs chromium and chromium-driver with apt-get when missing (no browser
# download by any other means). Screenshots go to $BRINK_SCREENSHOTS
# (default target/browser-screenshots), printed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "installing ${need[*]} (Debian packages)"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    else
        echo "the browser tests need the Debian packages: ${need[*]} (run as root, or install them)" >&2
        exit 1
    fi
fi

work=$(mktemp -d /tmp/brink-browser.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check "selenium>=4.20,<5"

# The speed check (a slider move redraws in under 200 ms) is of the release build.
cargo build --release -p brinkmanship --bin brink
shots=${BRINK_SCREENSHOTS:-target/browser-screenshots}
# Selenium must use the chromedriver given to it, never fetch one.
SE_OFFLINE=true "$work/venv/bin/python" scripts/browser_test.py target/release/brink "$shots"
