#!/usr/bin/env bash
# Build the guide as a read-only static site that needs no companion server: every page is
# plain HTML, and each Run / Check button is replaced by a note saying how to start Onramp.
# Usage: scripts/export-static.sh [OUT]   (default: export; skipped when OUT is up to date)
# Serve OUT with any static file server that maps /guide/opam to guide/opam.html.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-export}"
target=$(realpath -m "$out")
case "$target" in
  / | "$PWD" | "$(dirname "$PWD")")
    echo "export-static: refusing to write the site into $target (it would be emptied first); give a new directory such as export" >&2
    exit 2 ;;
esac
if [ -d "$target" ] && [ -n "$(ls -A "$target")" ] && [ ! -f "$target/.onramp-export" ]; then
  echo "export-static: $target is not empty and holds no earlier export (.onramp-export); give an empty or new directory" >&2
  exit 2
fi
hash="static $(node scripts/sources-hash.mjs content)"
if [ -f "$target/.onramp-export" ] && [ "$(cat "$target/.onramp-export")" = "$hash" ]; then
  echo "static guide in $target is up to date"
  exit 0
fi
ONRAMP_CONTENT_DIRS=content npx tsx scripts/build-content.ts
rm -rf "$target"
NEXT_TELEMETRY_DISABLED=1 NEXT_PUBLIC_ONRAMP_STATIC=1 ONRAMP_CONTENT_DIRS=content \
  ONRAMP_DIST_DIR="$(realpath --relative-to=. -m "$target")" npx next build
echo "$hash" > "$target/.onramp-export"
echo "static guide written to $target (no server needed: serve it with any static file server)"
