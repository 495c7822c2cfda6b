#!/bin/sh
# Runs in dom0: `xl create` a guest, then watch its xenconsoled log, polling with a deadline.
# Prints `created-ms=N` (xl create returned), `first-line-ms=N` (first line matching $3) and
# `done-ms=N` ($4 seen), all counted from just before `xl create`.
# Usage: boot-and-watch.sh XL_FILE CONSOLE_LOG FIRST_PATTERN DONE_PATTERN DEADLINE_MS
set -u
xl_file=$1 log=$2 first=$3 done_pattern=$4 deadline=$5
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
start=$(now_ms)
xl create "$xl_file" || exit 10
echo "created-ms=$(( $(now_ms) - start ))"
seen_first=
while :; do
  elapsed=$(( $(now_ms) - start ))
  if [ -z "$seen_first" ] && grep -q -- "$first" "$log" 2>/dev/null; then
    seen_first=1
    echo "first-line-ms=$elapsed"
  fi
  if grep -q -- "$done_pattern" "$log" 2>/dev/null; then
    echo "done-ms=$elapsed"
    exit 0
  fi
  [ "$elapsed" -gt "$deadline" ] && { echo "deadline ${deadline} ms passed" >&2; exit 11; }
  sleep 0.1
done
