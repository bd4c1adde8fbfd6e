#!/usr/bin/env bash
# `chancery backup` of a live archive: while `chancery serve` answers searches
# and an import writes more FRUS volumes (holding the index's write lock), a
# backup is taken. The backup point is defined by what the store had
# committed: the restored archive must hold the baseline plus exactly the first
# k volumes of the running import, each volume all or nothing, and export byte
# for byte like an archive built by importing exactly those files. `check`
# passes on the restored archive; the server never answers 5xx meanwhile.
source "$(dirname "$0")/lib/common.bash"
command -v curl >/dev/null || skip "curl is missing"
FRUS="$CHANCERY_CORPUS_DIR/frus"
base_file="$FRUS/frus1917-72PubDip.xml"
live_files=("$FRUS/frus1961-63v10-12mSupp.xml" "$FRUS/frus1961-63v06.xml")
for f in "$base_file" "${live_files[@]}"; do [[ -f $f ]] || skip "FRUS volume $f is absent"; done

cha() { local dir=$1; shift; "$CHANCERY_BIN" --archive "$dir" "$@"; }
records_of() { cha "$1" stats | awk '$1 == "records" { print $2 }'; }

server_pid="" import_pid="" client_pid=""
cleanup() {
  for pid in "$client_pid" "$import_pid" "$server_pid"; do
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Baseline archive, and a copy of it to build the reference from later.
ch init >/dev/null
ch import "$base_file" >"$WORK/base.log" 2>&1 || { cat "$WORK/base.log"; fail "baseline import"; }
cp -r "$ARCHIVE" "$WORK/baseline-copy"
base_records=$(records_of "$ARCHIVE")

# The log exists before the server starts: sed below must not race its creation.
: >"$WORK/server.log"
"$CHANCERY_BIN" --archive "$ARCHIVE" serve --listen 127.0.0.1:0 --threads 2 --quiet 2>"$WORK/server.log" &
server_pid=$!
port=$(server_port "$WORK/server.log" "$server_pid")
[[ -n $port ]] || { cat "$WORK/server.log"; fail "the server did not start"; }

# Readers throughout: search pages and API searches, statuses logged.
(
  while :; do
    for target in "/search?q=diplomacy" "/api/v1/search?q=Department" "/healthz" "/search?q=Kennedy"; do
      curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 "http://127.0.0.1:$port$target" || echo "curl-error"
    done
    sleep 0.1
  done
) >"$WORK/client-statuses.txt" 2>&1 &
client_pid=$!

# The import that writes during the backup.
"$CHANCERY_BIN" --archive "$ARCHIVE" import "${live_files[@]}" >"$WORK/live-import.log" 2>&1 &
import_pid=$!

# Backup 1: at once, while the import parses its first volume and holds the
# index's write lock. Backup 2: as soon as the first volume is committed.
ch backup "$WORK/backup-early" >"$WORK/backup-early.log" 2>&1 || { cat "$WORK/backup-early.log"; fail "backup during the import"; }
early_during=no; kill -0 "$import_pid" 2>/dev/null && early_during=yes
for _ in $(seq 1 1200); do
  n=$(records_of "$ARCHIVE")
  ((n > base_records)) && break
  kill -0 "$import_pid" 2>/dev/null || break
  sleep 0.1
done
ch backup "$WORK/backup-mid" >"$WORK/backup-mid.log" 2>&1 || { cat "$WORK/backup-mid.log"; fail "second backup during the import"; }
mid_during=no; kill -0 "$import_pid" 2>/dev/null && mid_during=yes
echo "backups taken; import still running after them: early=$early_during mid=$mid_during"

wait "$import_pid" || { cat "$WORK/live-import.log"; fail "the live import failed"; }
import_pid=""
kill "$client_pid" 2>/dev/null; wait "$client_pid" 2>/dev/null || true; client_pid=""

ch check >/dev/null || fail "check of the source after the import"
bad_statuses=$(grep -cv '^200$' "$WORK/client-statuses.txt" || true)
good_statuses=$(grep -c '^200$' "$WORK/client-statuses.txt" || true)
echo "server answered $good_statuses reader requests with 200, $bad_statuses otherwise"
((bad_statuses == 0 && good_statuses > 0)) || { sort "$WORK/client-statuses.txt" | uniq -c; fail "the server did not answer every reader request with 200"; }

# Record counts after each prefix of the live volumes, from clean imports of
# the prefixes (built on the baseline copy, in the import's order).
prefix_counts=("$base_records")
prefix_dirs=("$WORK/baseline-copy")
for ((k = 1; k <= ${#live_files[@]}; k++)); do
  dir="$WORK/prefix-$k"
  cp -r "${prefix_dirs[k - 1]}" "$dir"
  cha "$dir" import "${live_files[k - 1]}" >/dev/null 2>&1 || fail "reference import of prefix $k"
  prefix_counts+=("$(records_of "$dir")")
  prefix_dirs+=("$dir")
done
cha "${prefix_dirs[-1]}" export "$WORK/ref-full" --format json >/dev/null
ch export "$WORK/source-export" --format json >/dev/null
diff -r -q "$WORK/ref-full" "$WORK/source-export" >/dev/null || fail "the source differs from the reference built without concurrent backups"

for name in early mid; do
  restored="$WORK/restored-$name"
  cha "$restored" restore "$WORK/backup-$name" >/dev/null || fail "restore of the $name backup"
  cha "$restored" check >"$WORK/check.log" 2>&1 || { cat "$WORK/check.log"; fail "check of the restored $name backup"; }
  n=$(records_of "$restored")
  k=-1
  for ((i = 0; i < ${#prefix_counts[@]}; i++)); do
    [[ ${prefix_counts[i]} == "$n" ]] && k=$i
  done
  ((k >= 0)) || fail "$name backup holds $n records: not the baseline plus whole volumes (${prefix_counts[*]})"
  cha "$restored" export "$WORK/restored-$name-export" --format json >/dev/null || fail "export of the restored $name backup"
  if [[ ! -d $WORK/ref-$k-export ]]; then
    cha "${prefix_dirs[k]}" export "$WORK/ref-$k-export" --format json >/dev/null || fail "export of reference $k"
  fi
  diff -r -q "$WORK/ref-$k-export" "$WORK/restored-$name-export" >"$WORK/diff.log" 2>&1 || {
    head -20 "$WORK/diff.log"; fail "the restored $name backup differs from an archive of the baseline plus $k volume(s)"; }
  cha "$restored" search diplomacy --json >/dev/null || fail "search in the restored $name backup"
  echo "ok $name backup: baseline + $k of ${#live_files[@]} volumes ($n records), exports identically, check ok"
done
echo PASS
