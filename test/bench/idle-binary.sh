#!/usr/bin/env bash
# Idle memory and cold start of the compiled x64 binary (see idle-binary.ts).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec bun test/bench/idle-binary.ts "$@"
