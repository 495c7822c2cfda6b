#!/usr/bin/env bash
# The plain lab lane: the guide's own dom0 steps on Debian 12 as installed (GRUB, no Xen), run by
# the chapter autopilot through the real server and by `onramp machine create --driver generic`;
# $1 is the reports directory of scripts/test-all.sh. Holds the plain lab's lock.
#
# Each file starts the machine from its clean snapshot: the machine itself; "Xen in dom0" +
# "dom0 networking" (ifupdown) + "Boot the unikernel" through the server's autopilot;
# "dom0 networking" (systemd-networkd); the generic driver (a refusal, both dom0 chapters, a
# second run that changes nothing); then "Run this chapter" on "Xen in dom0" in Chromium.
# Measured on the 2-core lab host at load ~1: each Xen install under TCG about 4.5 minutes, a
# reboot through GRUB into Xen about 45 s; the lane about 35 minutes with the plain image built
# from nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
reports=${1:-.onramp-build/reports}
mkdir -p "$reports"
status=0
flock /tmp/onramp-lab-plain.lock npx vitest run --project lab-plain \
  --reporter=default --reporter=json --outputFile="$reports/lab-plain.json" || status=1
# The browser spec serves the test build (content + playground), as the e2e lanes do.
bash scripts/build-app.sh "${ONRAMP_TEST_BUILD_DIR:-.onramp-build/test}" content:tests/fixtures/content
ONRAMP_REPORTS="$reports" flock /tmp/onramp-lab-plain.lock \
  npx playwright test -c tests/lab-plain/playwright.lab-plain.config.ts || status=1
exit "$status"
