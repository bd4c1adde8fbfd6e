#!/usr/bin/env bash
# Crash safety of `chancery import`: SIGKILL at random moments (seeded RNG,
# spread over the duration of a first, clean import), then
#   - `chancery check` passes (store consistent, index replayed and in step),
#   - the file is all or nothing (0 records, or all of them, and then exactly
#     the clean import's records),
#   - re-running the import ends with the same archive as the clean import
#     (`export --format json` compared byte for byte).
# The same for `chancery names link` when that command exists.
#
# Environment: CRASH_KILLS (default 20), CRASH_SEED (default 20261129),
# CRASH_VOLUME (default: the smallest FRUS volume, frus1917-72PubDip.xml, so
# that 20 kill + re-import rounds fit in a few minutes).
source "$(dirname "$0")/lib/common.bash"

KILLS=${CRASH_KILLS:-20}
SEED_RNG=${CRASH_SEED:-20261129}
VOLUME=${CRASH_VOLUME:-$CHANCERY_CORPUS_DIR/frus/frus1917-72PubDip.xml}
[[ -f $VOLUME ]] || skip "the FRUS volume $VOLUME is absent"

# Runs chancery on archive $1.
cha() { local dir=$1; shift; "$CHANCERY_BIN" --archive "$dir" "$@"; }
records_of() { cha "$1" stats | awk '$1 == "records" { print $2 }'; }
now_ms() { date +%s%3N; }

# Clean reference run, timed.
clean="$WORK/clean"
cha "$clean" init >/dev/null
start=$(now_ms)
cha "$clean" import "$VOLUME" >"$WORK/clean-import.log" 2>&1 || { cat "$WORK/clean-import.log"; fail "clean import"; }
duration_ms=$(( $(now_ms) - start ))
cha "$clean" check >/dev/null || fail "check of the clean import"
cha "$clean" export "$WORK/clean-export" --format json >/dev/null || fail "export of the clean import"
clean_records=$(records_of "$clean")
((clean_records > 0)) || fail "the clean import stored no records"
# The first run may be slow (cold caches, a busy machine): the kill window is
# the fastest of it and two more imports into throwaway archives, so that
# most kills land mid-import.
for again in 1 2; do
  cha "$WORK/timing$again" init >/dev/null
  start=$(now_ms)
  cha "$WORK/timing$again" import "$VOLUME" >/dev/null 2>&1 || fail "timing import $again"
  ms=$(( $(now_ms) - start ))
  ((ms < duration_ms)) && duration_ms=$ms
  rm -rf "$WORK/timing$again"
done
echo "clean import of $(basename "$VOLUME"): $clean_records records; fastest of three imports ${duration_ms} ms"

# Delays: seeded fractions of the import's duration. A run that finishes
# before its kill (the machine may be faster now than when the imports were
# timed, as under the sanitizers beside other tests) is checked too, but does
# not count, and the window shrinks by a fifth: the loop goes on until KILLS
# imports were killed.
import_fractions=$(python3 -c '
import random, sys
rng = random.Random(int(sys.argv[1]))
print(" ".join("%.4f" % rng.random() for _ in range(int(sys.argv[2]))))' "$SEED_RNG" $((KILLS * 3)))

# kill_after MS ARGS...: runs chancery ARGS in the background (the binary
# itself, no subshell in between), SIGKILLs it after MS ms. Prints "killed"
# or "finished" (it ended before the kill), told apart by the exit status
# (kill(2) also succeeds on a child that has exited but is not reaped yet).
kill_after() {
  local ms=$1; shift
  "$CHANCERY_BIN" "$@" >/dev/null 2>&1 &
  local pid=$!
  sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
  kill -KILL "$pid" 2>/dev/null || true
  local status=0
  wait "$pid" 2>/dev/null || status=$?
  if ((status == 137)); then echo killed; else echo "finished (exit status $status)"; fi
}

# after_crash DIR LABEL REFERENCE_EXPORT EXPECTED_RECORDS RERUN...: the checks
# after one kill, then the re-run and the comparison with the reference.
after_crash() {
  local dir=$1 label=$2 reference=$3 expected=$4; shift 4
  cha "$dir" check >"$WORK/check.log" 2>&1 || { cat "$WORK/check.log"; fail "$label: check after the kill"; }
  cha "$dir" check >"$WORK/check.log" 2>&1 || { cat "$WORK/check.log"; fail "$label: second check after the kill"; }
  local n
  n=$(records_of "$dir")
  after_kill_records=$n
  if [[ $n != 0 && $n != "$expected" ]]; then
    fail "$label: $n records after the kill, want 0 or $expected (a file is all or nothing)"
  fi
  "$@" >"$WORK/rerun.log" 2>&1 || { cat "$WORK/rerun.log"; fail "$label: re-run after the kill"; }
  cha "$dir" check >"$WORK/check.log" 2>&1 || { cat "$WORK/check.log"; fail "$label: check after the re-run"; }
  rm -rf "$WORK/export"
  cha "$dir" export "$WORK/export" --format json >/dev/null || fail "$label: export after the re-run"
  diff -r -q "$reference" "$WORK/export" >"$WORK/diff.log" 2>&1 || {
    head -20 "$WORK/diff.log"; fail "$label: the archive after kill + re-run differs from the clean one"; }
}

window_ms=$duration_ms
i=0
killed=0
for f in $import_fractions; do
  ((killed < KILLS)) || break
  ms=$(awk -v f="$f" -v w="$window_ms" 'BEGIN { printf "%d", f * w }')
  i=$((i + 1))
  dir="$WORK/crash-$i"
  cha "$dir" init >/dev/null
  outcome=$(kill_after "$ms" --archive "$dir" import "$VOLUME")
  if [[ $outcome == killed ]]; then
    killed=$((killed + 1))
  else
    window_ms=$(( window_ms * 4 / 5 ))
  fi
  after_crash "$dir" "import kill $i at ${ms} ms" "$WORK/clean-export" "$clean_records" cha "$dir" import "$VOLUME"
  echo "ok import kill $i at ${ms} ms ($outcome; $after_kill_records records after the kill, $(records_of "$dir") after the re-run)"
  rm -rf "$dir"
done
((killed == KILLS)) || fail "only $killed of $i imports were killed before they finished"
echo "import: $killed imports killed mid-import ($i runs), all consistent and equal to the clean import after re-run"

# names link: the same, when the command exists (it is being built).
if ! cha "$clean" names link --help >/dev/null 2>&1; then
  echo "SKIPPED PART: 'chancery names link' does not exist in this build; kill-during-link not tested"
  echo PASS
  exit 0
fi
linked="$WORK/linked"
cp -r "$clean" "$linked"
start=$(now_ms)
cha "$linked" names link >"$WORK/link.log" 2>&1 || { cat "$WORK/link.log"; fail "clean names link"; }
link_ms=$(( $(now_ms) - start ))
cha "$linked" check >/dev/null || fail "check after a clean names link"
cha "$linked" export "$WORK/linked-export" --format json >/dev/null || fail "export after names link"
linked_records=$(records_of "$linked")
# Seeded fractions of the link's duration. Linking is short and its duration
# varies with the machine's load, so the window shrinks by a fifth each time a
# run finishes before its kill (the clean run may have been a slow one).
fractions=$(python3 -c '
import random, sys
rng = random.Random(int(sys.argv[1]) + 1)
print(" ".join("%.4f" % rng.random() for _ in range(int(sys.argv[2]))))' \
  "$SEED_RNG" $((KILLS * 3)))
window_ms=$link_ms
i=0
killed=0
for f in $fractions; do
  ((killed < KILLS)) || break
  ms=$(awk -v f="$f" -v w="$window_ms" 'BEGIN { printf "%d", f * w }')
  i=$((i + 1))
  dir="$WORK/link-$i"
  cp -r "$clean" "$dir"
  outcome=$(kill_after "$ms" --archive "$dir" names link)
  if [[ $outcome == killed ]]; then
    killed=$((killed + 1))
  else
    window_ms=$(( window_ms * 4 / 5 ))
  fi
  after_crash "$dir" "names link kill $i at ${ms} ms" "$WORK/linked-export" "$linked_records" cha "$dir" names link
  echo "ok names link kill $i at ${ms} ms ($outcome)"
  rm -rf "$dir"
done
((killed == KILLS)) || fail "only $killed of $i runs of names link were killed before they finished"
echo "names link: $killed runs killed, all consistent and equal to a clean link after re-run"
echo PASS
