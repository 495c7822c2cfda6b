#!/usr/bin/env bash
# The lab lane (real Xen under QEMU); $1 is the reports directory of scripts/test-all.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
reports=${1:-.onramp-build/reports}
mkdir -p "$reports"
status=0
npx vitest run --project lab --reporter=default --reporter=json --outputFile="$reports/lab.json" || status=1
# The wizard in a real browser with the lab machine as dom0 (the machine the vitest lab project made).
bash scripts/build-app.sh "${ONRAMP_TEST_BUILD_DIR:-.onramp-build/test}" content:tests/fixtures/content
ONRAMP_REPORTS="$reports" npx playwright test -c tests/lab/playwright.lab.config.ts || status=1
exit "$status"
