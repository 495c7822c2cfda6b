#!/usr/bin/env bash
# The lab lane (real Xen under QEMU); $1 is the reports directory of scripts/test-all.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
reports=${1:-.onramp-build/reports}
mkdir -p "$reports"
npx vitest run --project lab --reporter=default --reporter=json --outputFile="$reports/lab.json"
