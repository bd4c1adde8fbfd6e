#!/usr/bin/env bash
# backup -> restore gives an archive that checks out and answers the same;
# an index lost or behind is rebuilt from the store when a writer opens the archive.
source "$(dirname "$0")/lib/common.bash"
need_seed

ch init >/dev/null
ch import "$SEED" >/dev/null
ch backup "$WORK/backup" >/dev/null || fail "backup"
[[ -f "$WORK/backup/archive.db" && -d "$WORK/backup/index" ]] || fail "backup layout"
# The copied shards keep the archive's 4 KiB blocks (Xapian's compaction would
# write its default 8 KiB, which searches slower: index_terms::kShardBlockSize).
# (xapian-check: Debian's xapian-tools, which scripts/install-deps installs.)
for shard in "$WORK/backup/index"/shard*; do
  sizes=$(xapian-check "$shard" | sed -n 's/.*blocksize=\([0-9]*K\).*/\1/p' | sort -u)
  [[ $sizes == 4K ]] || fail "backup shard $shard has blocks of ${sizes:-no size xapian-check reported}, not 4K"
done
expect_status 1 ch backup "$WORK/backup"     # never overwrites

restored="$WORK/restored"
"$CHANCERY_BIN" --archive "$restored" restore "$WORK/backup" >/dev/null || fail "restore"
"$CHANCERY_BIN" --archive "$restored" check >/dev/null || fail "check of the restored archive"
grep -q '^117079 ' <<<"$("$CHANCERY_BIN" --archive "$restored" search Malnasan)" || fail "search in the restored archive"
diff <(ch show 117079) <("$CHANCERY_BIN" --archive "$restored" show 117079) || fail "restored record differs"
expect_status 1 "$CHANCERY_BIN" --archive "$restored" restore "$WORK/backup"   # target not empty

# A backup whose index is older than its store: opening replays the difference.
sed 's#/document/117079#/document/900002#' "$SEED" > "$WORK/later.txt"
cp -r "$ARCHIVE/index" "$WORK/old-index"
ch import "$WORK/later.txt" >/dev/null
rm -rf "$ARCHIVE/index" && cp -r "$WORK/old-index" "$ARCHIVE/index"
ch check >/dev/null || fail "check after replacing the index with an older copy"
grep -q '"900002"' <<<"$(ch search Malnasan --json)" || fail "replay did not index the later record"

# Losing the index entirely: a writer rebuilds it from the store.
rm -rf "$ARCHIVE/index"
ch check >/dev/null || fail "check after deleting the index"
grep -q '"117079"' <<<"$(ch search Malnasan --json)" || fail "index not rebuilt"
echo PASS
