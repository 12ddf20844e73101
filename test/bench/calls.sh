#!/usr/bin/env bash
# Calls through the box under SIPp load: calls/s, concurrent relayed calls, CPU per packet,
# CPU and RSS per call (see calls.ts).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec ./node_modules/.bin/bun test/bench/calls.ts "$@"
