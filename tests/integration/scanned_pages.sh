#!/usr/bin/env bash
# Scanned pages end to end, with real images (made by libvips's `vips`), the
# real server and curl: `scans add` refuses a damaged file with its name and
# adds nothing of that call; the server answers IIIF info.json, image
# requests (checked by `vipsheader`), manifests and collections, with CORS,
# ETags and 304s; the document page shows the thumbnails; a restriction
# closes the pages; backup/restore and a JSON export and import keep them;
# `check` finds an image altered in the store.
set -uo pipefail
source "$(dirname "$0")/lib/common.bash"
command -v curl >/dev/null 2>&1 || skip "curl not found"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"
command -v vips >/dev/null 2>&1 || skip "vips (Debian libvips-tools, scripts/install-deps) not found"
command -v sqlite3 >/dev/null 2>&1 || skip "sqlite3 not found"
record=900001   # examples/records/01_budapest_telephone_message.txt

# libvips lives in the image module: the binary does not load it by itself.
if command -v ldd >/dev/null 2>&1; then
  grep -q libvips <<<"$(ldd "$CHANCERY_BIN")" && fail "the chancery binary links libvips: $(ldd "$CHANCERY_BIN" | grep vips)"
fi

ch init >/dev/null
ch import "$CHANCERY_SOURCE_DIR/examples/records" >/dev/null || fail "import the examples"
vips gaussnoise "$WORK/0067.jpg" 1700 2200 || fail "vips gaussnoise"
vips black "$WORK/0068.png" 1600 2100 --bands 3 || fail "vips black"
vips gaussnoise "$WORK/0069.tif" 900 1200 || fail "vips gaussnoise tif"
head -c 20000 "$WORK/0067.jpg" >"$WORK/0070.jpg"
printf 'not an image\n' >"$WORK/0071.jpg"

# One bad file among good ones: refused by name, nothing added.
for bad in 0070.jpg 0071.jpg; do
  expect_status 1 ch scans add $record "$WORK/0067.jpg" "$WORK/$bad" 2>"$WORK/err"
  grep -q "$bad" "$WORK/err" || fail "the error does not name $bad: $(cat "$WORK/err")"
done
grep -q 'does not decode' <(ch scans add $record "$WORK/0070.jpg" 2>&1) || fail "a truncated JPEG is not called so"
[[ $(stat images) -eq 0 && $(stat scanned) -eq 0 ]] || fail "a refused call left images: $(ch stats)"
expect_status 1 ch scans add no-such-record "$WORK/0067.jpg" 2>/dev/null
# Without its image module, a clear error naming it, and nothing added.
CHANCERY_IMAGE_MODULE="$WORK/nowhere/chancery-images.so" expect_status 1 ch scans add $record "$WORK/0067.jpg" \
  2>"$WORK/err"
grep -q "need Chancery.s module chancery-images.so, found in none of: $WORK/nowhere/chancery-images.so" "$WORK/err" ||
  fail "a missing image module: $(cat "$WORK/err")"
[[ $(stat images) -eq 0 && $(stat scanned) -eq 0 ]] || fail "a call without the module left images: $(ch stats)"
expect_status 2 ch scans add $record "$WORK/0067.jpg" --label a --label b 2>/dev/null

ch scans add $record "$WORK/0067.jpg" "$WORK/0068.png" --label "Ll. 67" --label "Ll. 68" >"$WORK/added" || fail "scans add"
grep -q '2 pages' "$WORK/added" || fail "scans add printed: $(cat "$WORK/added")"
ch scans add $record "$WORK/0069.tif" >/dev/null || fail "scans add (append)"
ch scans list $record --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert [p["label"] for p in d["pages"]] == ["Ll. 67", "Ll. 68", "0069"], d
assert [p["media_type"] for p in d["pages"]] == ["image/jpeg", "image/png", "image/tiff"], d
assert d["pages"][0]["width"] == 1700 and d["pages"][0]["height"] == 2200, d' || fail "scans list"
[[ $(stat images) -eq 3 && $(stat scanned) -eq 1 ]] || fail "stats: $(ch stats)"
ch scans history $record >"$WORK/history" || fail "scans history"
[[ $(wc -l <"$WORK/history") -eq 2 ]] && grep -q ' 2 pages$' "$WORK/history" && grep -q ' 3 pages$' "$WORK/history" &&
  grep -q "editor:" "$WORK/history" || fail "scans history: $(cat "$WORK/history")"
ch check >/dev/null || fail "check after adding pages"

start_server
service="$base/iiif/image/$record/1"

curl -sf "$service/info.json" -o "$WORK/info.json" || fail "info.json"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["id"] == sys.argv[2] and d["type"] == "ImageService3" and d["profile"] == "level2", d
assert d["width"] == 1700 and d["height"] == 2200, d' "$WORK/info.json" "$service" || fail "info.json: $(cat "$WORK/info.json")"
# The server loads libvips with the first image it renders, not before.
grep -q libvips "/proc/$server/maps" && fail "the server loaded libvips before its first image"
headers=$(curl -s -D- -o "$WORK/thumb.jpg" "$service/full/200,/0/default.jpg")
grep -q libvips "/proc/$server/maps" || fail "the server rendered an image without libvips?"
grep -qi '^content-type: image/jpeg' <<<"$headers" || fail "image content type: $headers"
grep -qi '^access-control-allow-origin: \*' <<<"$headers" || fail "no CORS header: $headers"
[[ $(vipsheader -f width "$WORK/thumb.jpg") == 200 && $(vipsheader -f height "$WORK/thumb.jpg") == 259 ]] ||
  fail "thumbnail is $(vipsheader "$WORK/thumb.jpg")"
etag=$(grep -i '^etag:' <<<"$headers" | cut -d' ' -f2 | tr -d '\r')
[[ $(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$service/full/200,/0/default.jpg") == 304 ]] ||
  fail "no 304 for the same image"
curl -sf "$base/iiif/image/$record/2/100,100,800,600/!400,400/90/gray.png" -o "$WORK/turned.png" || fail "region request"
[[ $(vipsheader -f width "$WORK/turned.png") == 300 && $(vipsheader -f height "$WORK/turned.png") == 400 &&
  $(vipsheader -f bands "$WORK/turned.png") == 1 ]] || fail "turned region is $(vipsheader "$WORK/turned.png")"
curl -sf "$base/iiif/image/$record/3/full/max/0/default.webp" -o "$WORK/page3.webp" || fail "webp from a TIFF"
[[ $(vipsheader -f width "$WORK/page3.webp") == 900 ]] || fail "webp is $(vipsheader "$WORK/page3.webp")"
for want in "400 full/max/0/default.jpeg" "501 full/max/45/default.jpg" "400 0,0,0,0/max/0/default.jpg" \
  "400 full/3000,/0/default.jpg"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$service/${want#* }")
  [[ $code == "${want%% *}" ]] || fail "${want#* } answered $code, not ${want%% *}"
done
[[ $(curl -s -o /dev/null -w '%{http_code}' "$base/iiif/image/$record/4/info.json") == 404 ]] || fail "page 4 exists"
[[ $(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$service") == "303 $service/info.json" ]] ||
  fail "the base URI does not redirect to info.json"

curl -sf "$base/iiif/manifest/$record" -o "$WORK/manifest.json" || fail "manifest"
python3 -c '
import json, sys, urllib.request
d = json.load(open(sys.argv[1]))
assert d["type"] == "Manifest" and len(d["items"]) == 3, d
assert [c["label"]["none"][0] for c in d["items"]] == ["Ll. 67", "Ll. 68", "0069"]
for canvas in d["items"]:   # every image the manifest names is served
  for url in (canvas["thumbnail"][0]["id"], canvas["items"][0]["items"][0]["body"]["id"]):
    with urllib.request.urlopen(url) as r:
      assert r.status == 200 and r.headers["Content-Type"] == "image/jpeg", url
' "$WORK/manifest.json" || fail "manifest: $(head -c 600 "$WORK/manifest.json")"
page=$(curl -sf "$base/document/$record") || fail "document page"
grep -q "Scanned pages" <<<"$page" || fail "the document page does not show its pages"
grep -q "src=\"/iiif/image/$record/1/full/185,240/0/default.jpg\"" <<<"$page" || fail "no thumbnail on the page"

# A restriction closes the pages at once, in the running server.
ch restrict $record --reason "Privacy" >/dev/null || fail "restrict"
for url in "$service/info.json" "$service/full/200,/0/default.jpg" "$base/iiif/manifest/$record"; do
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$url") == 403 ]] || fail "$url is open under a restriction"
done
ch unrestrict $record >/dev/null || fail "unrestrict"
[[ $(curl -s -o /dev/null -w '%{http_code}' "$service/info.json") == 200 ]] || fail "lifting does not reopen"

# Backups and exports keep the pages and their images.
ch backup "$WORK/backup" >/dev/null || fail "backup"
"$CHANCERY_BIN" --archive "$WORK/restored" restore "$WORK/backup" >/dev/null || fail "restore"
[[ $("$CHANCERY_BIN" --archive "$WORK/restored" scans list $record | head -1) == "$record: 3 pages" ]] ||
  fail "restored pages"
ch export "$WORK/export" --format json >/dev/null || fail "export"
[[ $(ls "$WORK/export/images" | wc -l) -eq 3 ]] || fail "export images: $(ls "$WORK/export/images")"
cmp -s "$WORK/0068.png" "$WORK/export/images/$(sha256sum "$WORK/0068.png" | cut -d' ' -f1).png" ||
  fail "an exported image differs from the file added"
"$CHANCERY_BIN" --archive "$WORK/reimported" init >/dev/null
"$CHANCERY_BIN" --archive "$WORK/reimported" import "$WORK/export" >/dev/null || fail "import the export"
diff <(ch scans list $record --json) <("$CHANCERY_BIN" --archive "$WORK/reimported" scans list $record --json) ||
  fail "pages differ after export and import"
"$CHANCERY_BIN" --archive "$WORK/reimported" check >/dev/null || fail "check the reimported archive"

# An image altered in the store is found by check.
kill -TERM $server; wait $server 2>/dev/null || true
trap 'rm -rf "$WORK"' EXIT
sqlite3 "$ARCHIVE/archive.db" "UPDATE blobs SET bytes = x'00' WHERE rowid = 2" || fail "alter an image"
expect_status 1 ch check >"$WORK/check" 2>&1
grep -q 'does not match its SHA-256' "$WORK/check" || fail "check: $(cat "$WORK/check")"
echo "scanned pages: ok"
