#!/usr/bin/env bash
# export -> import into a new archive -> export gives the same bytes, for both formats.
# Uses the seed, examples/ and (when the corpus is present) one FRUS volume.
source "$(dirname "$0")/lib/common.bash"
need_seed

inputs=("$SEED")
[[ -d "$CHANCERY_SOURCE_DIR/examples" ]] && inputs+=("$CHANCERY_SOURCE_DIR/examples")
VOLUME="$CHANCERY_CORPUS_DIR/frus/frus1952-54Guat.xml"
[[ -f "$VOLUME" ]] && inputs+=("$VOLUME")

ch init >/dev/null
ch import "${inputs[@]}" >/dev/null || fail "importing ${inputs[*]}"
records=$(stat records)

for format in record-text json; do
  ch export "$WORK/$format-1" --format "$format" >/dev/null || fail "export $format"
  second="$WORK/archive-$format"
  "$CHANCERY_BIN" --archive "$second" import "$WORK/$format-1" > "$WORK/import-$format.log" \
    || fail "re-importing the $format export: $(cat "$WORK/import-$format.log")"
  "$CHANCERY_BIN" --archive "$second" export "$WORK/$format-2" --format "$format" >/dev/null || fail "second export $format"
  diff -r "$WORK/$format-1" "$WORK/$format-2" > "$WORK/diff-$format" || fail "$format export differs after a round trip: $(head -40 "$WORK/diff-$format")"
  "$CHANCERY_BIN" --archive "$second" check >/dev/null || fail "check of the re-imported $format archive"
done

# The JSON export is lossless: the re-imported archive has everything.
[[ $("$CHANCERY_BIN" --archive "$WORK/archive-json" stats | awk '$1=="records"{print $2}') -eq $records ]] \
  || fail "json round trip lost records"
[[ -f "$WORK/json-1/records/117079.json" && -f "$WORK/json-1/collections.json" ]] || fail "json export layout"
[[ -f "$WORK/record-text-1/117079.txt" ]] || fail "record-text export layout"
echo PASS
