#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 clone, as root: installs what the tests need,
# then runs every lane in order: typecheck, lint, content, unit, integration, end-to-end, lab,
# plain lab.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
export ONRAMP_TEST_BUILD_DIR="$PWD/.onramp-build/test"
REPORTS="$PWD/.onramp-build/reports"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"

say() { printf '\n=== %s ===\n' "$*"; }
# A failed test lane does not stop the later ones: every lane runs and the summary always prints
# (a failure in the last lane must still end with the "N passed, N failed" line CI reads).
failed_lanes=()
lane() { "$@" || failed_lanes+=("$*"); }

say "System packages"
bash scripts/install-test-deps.sh

say "Node packages (npm ci)"
npm ci --no-audit --no-fund

say "Typecheck"
npx tsc --noEmit -p tsconfig.json
npx tsc --noEmit -p server/tsconfig.json

say "Lint (eslint: floating promises, import boundaries and cycles, function size; see eslint.config.mjs)"
# Uncached here (npm run lint caches): a cached file is not re-checked when a file it imports changes.
npx eslint .

say "Format (prettier --check; fix with npm run format)"
npx prettier --check . --log-level warn

say "Content (every chapter must build)"
npx tsx scripts/build-content.ts

say "Unit tests"
lane npx vitest run --project unit --passWithNoTests --reporter=default --reporter=json --outputFile="$REPORTS/unit.json"

say "Build the app for the tests (content + playground)"
bash scripts/build-app.sh "$ONRAMP_TEST_BUILD_DIR" content:tests/fixtures/content

say "Integration tests (real processes, real sshd)"
lane npx vitest run --project integration --passWithNoTests --reporter=default --reporter=json --outputFile="$REPORTS/integration.json"

say "End-to-end tests (Playwright, Debian chromium)"
ONRAMP_REPORTS="$REPORTS" lane npx playwright test

if [ -f tests/lab/run-lab.sh ]; then
  say "Lab lane (real Xen under QEMU)"
  lane bash tests/lab/run-lab.sh "$REPORTS"
fi

if [ -f tests/lab-plain/run-lab-plain.sh ]; then
  say "Plain lab lane (the guide's dom0 chapters run by the autopilot on Debian 12 as installed)"
  lane bash tests/lab-plain/run-lab-plain.sh "$REPORTS"
fi

say "Summary"
summary=0
node scripts/summarize-reports.mjs "$REPORTS" || summary=$?
if [ "${#failed_lanes[@]}" -gt 0 ]; then
  printf 'failed lane: %s\n' "${failed_lanes[@]}"
  exit 1
fi
exit "$summary"
