#!/usr/bin/env bash
# OAI-PMH against the real server: imports examples/ and, where the shared
# corpus is present, three FRUS volumes; starts `chancery serve` on 127.0.0.1
# with a repository identifier of its own; harvests every record with
# ListRecords and ListIdentifiers as a harvester does (resumption tokens, GET
# and POST in turns, every answer parsed as XML), and checks that each record
# of the archive comes once, that a volume's set holds its records, that
# GetRecord names the repository's identifiers, and that the server refuses a
# bad --oai-repository.
set -uo pipefail
source "$(dirname "$0")/lib/common.bash"
command -v curl >/dev/null 2>&1 || skip "curl not found"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"
harvester="$CHANCERY_SOURCE_DIR/tests/integration/helpers/oai_harvest.py"

sources=("$CHANCERY_SOURCE_DIR/examples")
volumes=()
for v in frus1958-60v08 frus1961-63v05 frus1964-68v14; do
  [[ -f $CHANCERY_CORPUS_DIR/frus/$v.xml ]] && volumes+=("$v") && sources+=("$CHANCERY_CORPUS_DIR/frus/$v.xml")
done
[[ ${#volumes[@]} -gt 0 ]] || echo "oai_harvest: the FRUS volumes are absent; harvesting examples/ only"
ch init >/dev/null
ch import "${sources[@]}" >"$WORK/import.log" 2>&1 || { cat "$WORK/import.log"; fail "import"; }
records=$(stat records)

expect_status 2 ch serve --listen 127.0.0.1:0 --oai-repository localhost 2>/dev/null

start_server --oai-repository archive.example.org --admin-email archivist@example.org
site=$base
base="$site/oai"

python3 "$harvester" "$base" ListRecords metadataPrefix=oai_dc >"$WORK/records.json" || fail "ListRecords harvest"
python3 "$harvester" "$base" ListIdentifiers metadataPrefix=oai_dc >"$WORK/identifiers.json" || fail "ListIdentifiers harvest"
python3 - "$WORK/records.json" "$WORK/identifiers.json" "$records" <<'PY' || fail "harvest contents"
import json, sys
records = json.load(open(sys.argv[1]))
identifiers = json.load(open(sys.argv[2]))
want = int(sys.argv[3])
ids = records["ids"]
assert len(ids) == want, f"{len(ids)} records harvested, the archive has {want}"
assert len(set(ids)) == want, "a record came twice"
assert all(i.startswith("oai:archive.example.org:") for i in ids), ids[:3]
assert identifiers["ids"] == ids, "ListIdentifiers and ListRecords differ"
assert not records["deleted"]
seconds = sorted(records["seconds"])
print(f"oai_harvest: {want} records in {records['pages']} pages of ListRecords "
      f"(median page {seconds[len(seconds) // 2] * 1000:.1f} ms), "
      f"{identifiers['pages']} pages of ListIdentifiers")
PY

curl -sf "$base?verb=Identify" >"$WORK/identify.xml" || fail "Identify"
grep -qF '<adminEmail>archivist@example.org</adminEmail>' "$WORK/identify.xml" || fail "Identify names the admin"
grep -qF '<repositoryIdentifier>archive.example.org</repositoryIdentifier>' "$WORK/identify.xml" ||
  fail "Identify names the repository"

if [[ ${#volumes[@]} -gt 0 ]]; then
  v=${volumes[0]}
  python3 "$harvester" "$base" ListIdentifiers metadataPrefix=oai_dc "set=$v" >"$WORK/set.json" || fail "set harvest"
  in_volume=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["ids"]))' "$WORK/set.json")
  listed=$(curl -sf "$site/api/v1/collections/$v?limit=1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["documents_total"])')
  # The API counts the volume's own documents; the set holds its chapters' too.
  [[ $in_volume -ge $listed && $in_volume -gt 0 ]] || fail "set $v: $in_volume records, the volume lists $listed"
  echo "oai_harvest: set $v holds $in_volume records"
  curl -sf "$base?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:archive.example.org:$v/d1" >"$WORK/d1.xml" ||
    fail "GetRecord"
  grep -qF "<setSpec>$v</setSpec>" "$WORK/d1.xml" || fail "GetRecord names the record's volume as a set"
  grep -qF "<dc:identifier>$site/document/$v/d1</dc:identifier>" "$WORK/d1.xml" ||
    fail "GetRecord links the document page"
fi
echo "oai_harvest: all checks passed"
