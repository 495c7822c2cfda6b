#!/usr/bin/env bash
# Build the static app into OUT from the given content dirs (colon-separated), unless the build
# there is newer than every source (a hash of the sources is kept beside it).
# Usage: scripts/build-app.sh [OUT] [CONTENT_DIRS]   (defaults: out, content)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out}"
dirs="${2:-content}"
stamp="$out/.sources-hash"
hash=$(node scripts/sources-hash.mjs ${dirs//:/ })
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$hash" ]; then
  echo "app build in $out is up to date"
  exit 0
fi
ONRAMP_CONTENT_DIRS="$dirs" npx tsx scripts/build-content.ts
rm -rf "$out"
NEXT_TELEMETRY_DISABLED=1 ONRAMP_DIST_DIR="$(realpath --relative-to=. -m "$out")" ONRAMP_CONTENT_DIRS="$dirs" npx next build
echo "$hash" > "$stamp"
