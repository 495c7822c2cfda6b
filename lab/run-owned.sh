#!/bin/sh
# Run one lab build script as root (onramp runs this through sudo for a normal user), then hand
# what it wrote to that user, so later runs, prune and machine overlays need no root.
# Usage: run-owned.sh UID:GID OUTPUT SCRIPT [ARG...]
# OUTPUT is the file or folder SCRIPT writes; it is given to UID:GID even when SCRIPT fails
# (so the user can remove a partial result). Exits with SCRIPT's status.
set -u
owner=$1 output=$2
shift 2
case $owner in
*[!0-9:]* | :* | *: | *:*:*) echo "run-owned.sh: owner \"$owner\" is not UID:GID" >&2 && exit 2 ;;
esac
status=0
"$@" || status=$?
if [ -e "$output" ] && ! chown -R "$owner" "$output" && [ "$status" -eq 0 ]; then status=1; fi
exit "$status"
