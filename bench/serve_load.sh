#!/usr/bin/env bash
# The full load test of `brink serve` (release build, loopback only):
# 2,000 requests from 50 concurrent clients mixing valid runs and solves,
# malformed JSON, oversized bodies and games over the node limit. Prints the
# requests, concurrency, p50/p95 latency, peak resident memory of the server
# and the count of each status. Stops by itself (tests/serve_load.rs bounds
# its time). Override the size with BRINK_LOAD_REQUESTS / BRINK_LOAD_CLIENTS.
set -euo pipefail
cd "$(dirname "$0")/.."
export BRINK_LOAD_REQUESTS=${BRINK_LOAD_REQUESTS:-2000}
export BRINK_LOAD_CLIENTS=${BRINK_LOAD_CLIENTS:-50}
cargo test --release -p brinkmanship --test serve_load -- --nocapture load_mixed_requests_all_answered 2>&1 |
    grep -E "serve load:|test result|panicked|FAILED"
