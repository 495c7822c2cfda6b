#!/usr/bin/env bash
# Build the static app once for the integration, end-to-end and benchmark lanes: the real chapters
# plus the playground chapter of test steps. Skipped when the build is newer than every source.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${ONRAMP_TEST_BUILD_DIR:-$PWD/.onramp-build/test}"
stamp="$out/.sources-hash"
hash=$(node scripts/sources-hash.mjs content tests/fixtures/content)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
  echo "test app is up to date ($out)"
  exit 0
fi
rm -rf "$out"
NEXT_TELEMETRY_DISABLED=1 ONRAMP_DIST_DIR="$(realpath --relative-to=. -m "$out")" \
  ONRAMP_CONTENT_DIRS=content:tests/fixtures/content npx next build
echo "$hash" > "$stamp"
