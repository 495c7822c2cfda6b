#!/usr/bin/env bash
# The plain lab lane: the guide's own dom0 steps on Debian 12 as installed (GRUB, no Xen), run by
# the chapter autopilot through the real server; $1 is the reports directory of
# scripts/test-all.sh. Holds the plain lab's lock, as a person running it by hand would.
#
# In CI: the machine itself, "Xen in dom0" + "dom0 networking" (ifupdown) + "Boot the unikernel"
# on one clean snapshot, and "dom0 networking" (systemd-networkd) on a second. Measured on the
# 2-core lab host: about 30 minutes with the plain image built from nothing. Not in CI (each adds
# a Xen install under TCG, 10-15 minutes): generic-driver.test.ts and the browser spec
# (guide-xen-browser.spec.ts); run them with `bash tests/lab-plain/run-lab-plain.sh REPORTS --all`.
set -euo pipefail
cd "$(dirname "$0")/../.."
reports=${1:-.onramp-build/reports}
mkdir -p "$reports"
files=(tests/lab-plain/plain-machine.test.ts tests/lab-plain/guide-autopilot.test.ts tests/lab-plain/guide-networkd.test.ts)
[ "${2:-}" = --all ] && files+=(tests/lab-plain/generic-driver.test.ts)
status=0
flock /tmp/onramp-lab-plain.lock npx vitest run --project lab-plain "${files[@]}" \
  --reporter=default --reporter=json --outputFile="$reports/lab-plain.json" || status=1
if [ "${2:-}" = --all ]; then
  ONRAMP_REPORTS="$reports" flock /tmp/onramp-lab-plain.lock \
    npx playwright test -c tests/lab-plain/playwright.lab-plain.config.ts || status=1
fi
exit "$status"
