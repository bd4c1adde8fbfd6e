#!/usr/bin/env bash
# Index replicas (README "Replicas"): a primary archive with its records in a
# private PostgreSQL server serves its index with `replication serve` (Debian's
# xapian-replicate-server, on 127.0.0.1); a replica folder on the same store
# pulls it (xapian-replicate). Checks: nothing before the primary serves (a
# clear error, no half index); the first pull copies every shard and the
# replica's searches equal the primary's; a replica refuses every write and
# changes nothing; with `pull` and `serve` running on the replica, a record
# imported on the primary is found by the replica's reading room within
# seconds, a restriction made on the primary closes the record there at once;
# a compaction on the primary (a new database under the same name) reaches
# the replica as a whole copy, and searches still agree; the primary keeps no
# more changesets than it was told to.
set -uo pipefail
source "$(dirname "$0")/lib/common.bash"
need_seed
command -v curl >/dev/null 2>&1 || skip "curl not found"
command -v xapian-replicate-server >/dev/null 2>&1 || skip "xapian-replicate-server absent (Debian's xapian-tools)"
source "$(dirname "$0")/lib/postgres.bash"
pids=()
stop_all() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  stop_postgres
  rm -rf "$WORK"
}
trap stop_all EXIT
start_postgres
store=$(pg_store main)
replica="$WORK/replica"
r() { "$CHANCERY_BIN" --archive "$replica" "$@"; }

ch init --store "$store" >/dev/null || fail "init the primary"
ch replication enable --changesets 40 >"$WORK/enable.log" || fail "replication enable"
grep -q 'last 40 commits' "$WORK/enable.log" || fail "enable says what it keeps: $(cat "$WORK/enable.log")"
sources=("$CHANCERY_SOURCE_DIR/examples" "$SEED")
volume=frus1958-60v08
[[ -f $CHANCERY_CORPUS_DIR/frus/$volume.xml ]] && sources+=("$CHANCERY_CORPUS_DIR/frus/$volume.xml") ||
  echo "index_replicas: $volume is absent; examples and the seed record only"
ch import "${sources[@]}" >"$WORK/import.log" 2>&1 || { cat "$WORK/import.log"; fail "import"; }
records=$(stat records)

# A replica is made on the primary's store, and only there.
rport=$(free_port)
expect_status 1 r init --store "$(pg_store nowhere)" --replica-of "127.0.0.1:$rport" 2>"$WORK/err"
grep -q 'initialise the primary first' "$WORK/err" || fail "a replica of no store: $(cat "$WORK/err")"
[[ ! -e $replica/store.location ]] || fail "a refused replica left a folder behind"
expect_status 1 r init --store "$store" --replica-of "127.0.0.1:99999" 2>/dev/null
r init --store "$store" --replica-of "127.0.0.1:$rport" >"$WORK/init.log" || fail "init --replica-of"
grep -q 'run `chancery replication pull`' "$WORK/init.log" || fail "init says what comes next"

# Before the primary serves: a clear error and no index.
expect_status 1 r replication pull --once 2>"$WORK/err"
grep -q "replicating shard0 from 127.0.0.1:$rport failed" "$WORK/err" || fail "pull without a primary: $(cat "$WORK/err")"
expect_status 1 r search harbour 2>"$WORK/err"
grep -q 'no index copied yet' "$WORK/err" || fail "search before a pull: $(cat "$WORK/err")"
[[ ! -e $replica/index ]] || fail "a failed first pull left an index folder"

expect_status 1 r replication serve --listen "127.0.0.1:$rport" 2>/dev/null   # a replica serves no index
"$CHANCERY_BIN" --archive "$ARCHIVE" replication serve --listen "127.0.0.1:$rport" >"$WORK/rserve.log" 2>&1 &
pids+=($!)
pulled=""
for _ in $(seq 1 100); do
  if r replication pull --once >"$WORK/pull.log" 2>&1; then pulled=yes; break; fi
  sleep 0.1
done
[[ -n $pulled ]] || { cat "$WORK/pull.log" "$WORK/rserve.log"; fail "the first pull"; }
grep -q "copied the primary's index: 2 shards" "$WORK/pull.log" || fail "first pull: $(cat "$WORK/pull.log")"
[[ -f $replica/index/shard0/XAPIANDB && -f $replica/index/shard1/XAPIANDB ]] || fail "both shards are replicas"

same_search() {
  local q=$1 a b
  a=$(ch search "$q" --json --limit 20) || fail "primary search $q"
  b=$(r search "$q" --json --limit 20) || fail "replica search $q"
  [[ "$a" == "$b" ]] || fail "the replica answers '$q' otherwise: $(echo "$a" | head -c 300) / $(echo "$b" | head -c 300)"
}
for q in harbour Epishev 'Soviet Union' '"Secretary of State"' 'language:English' Malnasan; do same_search "$q"; done
r replication status >"$WORK/status" || fail "status"
grep -q '^role *replica' "$WORK/status" && grep -q '(up to date)' "$WORK/status" || fail "status: $(cat "$WORK/status")"
grep -q '^ok' <<<"$(r check)" || fail "check on the replica"
[[ $(r stats | awk '$1 == "records" { print $2 }') -eq $records ]] || fail "the replica reads the primary's store"

# A replica writes nothing, to the store or to its index.
for cmd in "import $SEED" "annotate 117079 --note x" "restrict 117079 --reason x" "names link" "compact"; do
  # shellcheck disable=SC2086
  expect_status 1 r $cmd 2>"$WORK/err"
  grep -q 'is an index replica of' "$WORK/err" || fail "replica $cmd: $(cat "$WORK/err")"
done
[[ $(stat annotations) -eq 0 && $(stat records) -eq $records ]] || fail "a refused write changed the store"

# The replica's reading room, with the pull running beside it.
"$CHANCERY_BIN" --archive "$replica" replication pull --interval 0.2 >"$WORK/pulls.log" 2>&1 &
pids+=($!)
: >"$WORK/serve.log"
"$CHANCERY_BIN" --archive "$replica" serve --listen 127.0.0.1:0 --threads 2 --quiet 2>"$WORK/serve.log" &
pids+=($!)
http_port=$(server_port "$WORK/serve.log" "${pids[-1]}")
[[ -n $http_port ]] || { cat "$WORK/serve.log"; fail "the replica's server did not start"; }
http="http://127.0.0.1:$http_port"
page() { curl -sf "$1" >"$WORK/page" && grep -q "$2" "$WORK/page"; }
page "$http/search?q=Epishev" '117079' || fail "the replica's search page"
page "$http/document/117079" 'Epishev' || fail "the replica's document page"

# A new record on the primary reaches the replica's searches.
sed -e 's/A\. A\. Epishev\*\*/A. A. Epishev, Zanzibarian copy**/' -e 's#/document/117079>#/document/9117079>#' \
  "$SEED" >"$WORK/new.txt"
grep -q 'document/9117079>' "$WORK/new.txt" || fail "the test record (the seed's layout changed?)"
ch import "$WORK/new.txt" >/dev/null || fail "import on the primary"
found=""
for _ in $(seq 1 150); do
  if page "$http/search?q=Zanzibarian" '9117079'; then found=yes; break; fi
  sleep 0.1
done
[[ -n $found ]] || { cat "$WORK/pulls.log"; fail "a record imported on the primary never reached the replica"; }
same_search Zanzibarian
behind=""
for _ in $(seq 1 30); do   # the workers' refresh sets it, each second
  behind=$(curl -sf "$http/metrics" | awk '$1 == "chancery_index_behind_changes" { print $2 }')
  [[ $behind == 0 ]] && break
  sleep 0.2
done
[[ $behind == 0 ]] || fail "the replica's /metrics: chancery_index_behind_changes '$behind'"

# A restriction is in the store: the replica closes the record on its next request.
ch restrict 9117079 --reason "Under review" >/dev/null || fail "restrict on the primary"
[[ $(curl -s -o /dev/null -w '%{http_code}' "$http/document/9117079") == 403 ]] || fail "the replica shows a closed record"
page "$http/search?q=Zanzibarian" '9117079' && fail "the replica's search lists a closed record"
ch unrestrict 9117079 >/dev/null || fail "unrestrict"

# The primary keeps at most the changesets it was told to.
kept=$(find "$ARCHIVE/index/shard0" -maxdepth 1 -name 'changes*' | wc -l)
((kept > 0 && kept <= 40)) || fail "the primary's shard0 keeps $kept changesets (told 40)"
all_kept=$(find "$ARCHIVE/index" -name 'changes*' | wc -l)
grep -q "^changesets   40 kept a shard; $all_kept now" <<<"$(ch replication status)" ||
  fail "the primary's status: $(ch replication status)"

# A compaction makes new databases: the replica copies them whole.
before=$(cat "$replica/index/shard0/XAPIANDB")
ch compact >/dev/null || fail "compact on the primary"
switched=""
for _ in $(seq 1 150); do
  if [[ "$(cat "$replica/index/shard0/XAPIANDB")" != "$before" ]]; then switched=yes; break; fi
  sleep 0.1
done
[[ -n $switched ]] || { cat "$WORK/pulls.log"; fail "the replica did not take the compacted shard"; }
sleep 1.5   # the server's workers reopen within a second
for q in harbour Zanzibarian '"Secretary of State"'; do same_search "$q"; done
page "$http/search?q=Zanzibarian" '9117079' || fail "the replica's server after the compaction"
grep -q 'chancery:' "$WORK/pulls.log" && fail "the pull loop reported errors: $(cat "$WORK/pulls.log")"

# A backup of a replica is a self-contained archive (its records from the store).
r backup "$WORK/replica-backup" >/dev/null || fail "backup of a replica"
"$CHANCERY_BIN" --archive "$WORK/restored" restore "$WORK/replica-backup" >/dev/null || fail "restore of a replica's backup"
a=$(ch search Zanzibarian --json --limit 20)
b=$("$CHANCERY_BIN" --archive "$WORK/restored" search Zanzibarian --json --limit 20)
[[ "$a" == "$b" ]] || fail "the restored backup of a replica answers otherwise"
[[ ! -e $WORK/restored/replication.conf && ! -e $WORK/restored/store.location ]] || fail "a restored backup is no replica"

# Failover: with its pulls stopped, the replica becomes a primary and writes.
kill -0 "${pids[1]}" 2>/dev/null || { cat "$WORK/pulls.log"; st=0; wait "${pids[1]}" || st=$?; fail "the pull loop ended by itself, status $st"; }
kill -TERM "${pids[1]}"
wait "${pids[1]}" 2>/dev/null || fail "the pull loop ended with status $? on SIGTERM"
r replication promote >"$WORK/promote.log" || fail "promote: $(cat "$WORK/promote.log")"
grep -q 'writes its own index from now on' "$WORK/promote.log" || fail "promote says: $(cat "$WORK/promote.log")"
expect_status 1 r replication pull --once 2>/dev/null
sed -e 's/A\. A\. Epishev\*\*/A. A. Epishev, promoted copy**/' -e 's#/document/117079>#/document/9117080>#' \
  "$SEED" >"$WORK/promoted.txt"
r import "$WORK/promoted.txt" >/dev/null || fail "import on the promoted replica"
grep -q '"9117080"' <<<"$(r search 'promoted copy' --json)" || fail "the promoted replica indexes its own imports"
grep -q '^ok' <<<"$(r check)" || fail "check on the promoted replica"
grep -q '^ok' <<<"$(ch check)" || fail "the old primary catches up from the shared store"
same_search '"promoted copy"'

echo "index_replicas: $records records replicated; primary shard0 keeps $kept changesets"
exit 0
