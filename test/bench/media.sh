#!/bin/sh
# Runs the media engine benchmark and prints its figures.
cd "$(dirname "$0")/../.." && exec npx bun test/bench/media.ts "$@"
