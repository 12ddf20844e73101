#!/bin/sh
# Runs the media relay benchmark (see relay.ts) and prints its figures.
cd "$(dirname "$0")/../.." && exec npx bun test/bench/relay.ts "$@"
