#!/usr/bin/env bash
# REGISTER throughput, CPU and memory of the box under SIPp load (see register.ts).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec bun test/bench/register.ts "$@"
