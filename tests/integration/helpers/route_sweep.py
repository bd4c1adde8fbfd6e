#!/usr/bin/env python3
"""Walks a running reading room as a curious visitor would, then asks each page
again with the parameters people edit by hand or keep in old links: pages past
the end, zero and negative pages, huge numbers, unknown sorts, impossible dates,
broken queries, revisions that do not exist.

    route_sweep.py BASE_URL [--max-pages N]      (environment: SWEEP_PER_SHAPE)

Every answer must be below 500 and come within the time bound; a 200 HTML page
must end with </html>, a 200 JSON answer must parse; every HTML answer carries
the Content-Security-Policy and every API answer CORS's Allow-Origin. Prints what it covered and
every failure; exits 1 when any.
"""
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict, deque

TIMEOUT = 20.0          # seconds: only to tell an answer from a hang
# Pages crawled of each route shape (/document/*, /people/*, ...); SWEEP_PER_SHAPE
# sets it for longer sweeps by hand.
PER_SHAPE = int(os.environ.get("SWEEP_PER_SHAPE", "12"))

# Values a parameter is given beside the one the page had.
EDITS = {
    "page": ["0", "-1", "2", "3", "7", "60", "500", "501", "99999999999999999999", "x", "1.5", ""],
    "offset": ["-1", "0", "19", "1000", "10001", "99999999999999999999", "x"],
    "limit": ["0", "1", "100", "101", "-5", "x"],
    "sort": ["date", "-date", "relevance", "bogus", ""],
    "q": ['"unterminated', "*", "a OR", "()", "NOT", "title:", "date:1957..1956", "x" * 600, "Khrushchev",
          "\u201cfree world\u201d", "-the", "the"],
    "from": ["1956", "1956-13", "abc", "0000", "9999-12-31"],
    "to": ["1955", "1956-02-30", "abc"],
    "f": ["year:1956", "year:abc", "bogus:x", ":", "collection:" + "x" * 300],
    "revision": ["0", "1", "99", "x"],
    "year": ["1956", "0", "99999", "x"],
    "month": ["0", "13", "2", "x"],
    "id": ["x", "", "a" * 500],
    "from_revision": ["0", "2"],
    "to_revision": ["0", "99"],
}
# Parameters tried on every list and search page even when absent from it.
ALWAYS = ["page", "sort", "q", "f", "from"]
SKIP_PREFIXES = ("/static/", "/iiif/image/")


def shape(path):
    parts = path.strip("/").split("/")
    if not parts or parts == [""]:
        return "/"
    if parts[0] == "api" and len(parts) > 2:   # /api/v1/documents/*
        return "/" + "/".join(parts[:3]) + ("/*" if len(parts) > 3 else "")
    return "/" + parts[0] + ("/*" if len(parts) > 1 else "")


def fetch(base, target):
    started = time.monotonic()
    request = urllib.request.Request(base + target, headers={"User-Agent": "route-sweep"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            return answer.status, answer.headers, answer.read(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read(), time.monotonic() - started
    except Exception as error:  # the connection dropped: the server may have died
        return None, {}, repr(error).encode(), time.monotonic() - started


def check(base, target, failures):
    status, headers, body, seconds = fetch(base, target)
    ctype = headers.get("Content-Type", "") if status is not None else ""
    problem = None
    if status is None:
        problem = "no answer: " + body.decode(errors="replace")[:200]
    elif status >= 500:
        problem = "status %d" % status
    elif seconds >= TIMEOUT:
        problem = "took %.1f s" % seconds
    elif status == 200 and ctype.startswith("text/html") and not body.rstrip().endswith(b"</html>"):
        problem = "an HTML page that does not end with </html>"
    elif status == 200 and "json" in ctype and not valid_json(body):
        problem = "JSON that does not parse"
    elif "text/html" in ctype and "default-src" not in headers.get("Content-Security-Policy", ""):
        problem = "an HTML answer without its Content-Security-Policy"
    elif target.startswith("/api/") and headers.get("Access-Control-Allow-Origin") != "*":
        problem = "an API answer without Access-Control-Allow-Origin: *"
    if problem:
        failures.append("%s: %s" % (target[:200], problem))
    return status, ctype, body


def valid_json(body):
    try:
        json.loads(body)
        return True
    except ValueError:
        return False


def links(base, body):
    found = [h.decode(errors="replace") for h in re.findall(rb'href="([^"]+)"', body)]
    # Sitemaps and feeds name whole addresses.
    found += [u.decode(errors="replace") for u in re.findall(rb"<(?:loc|id)>([^<]+)</(?:loc|id)>", body)]
    for href in found:
        href = href.replace("&amp;", "&")
        if href.startswith(base):
            href = href[len(base):] or "/"
        if not href.startswith("/") or href.startswith("//"):
            continue
        href = href.split("#", 1)[0]
        if href and not href.startswith(SKIP_PREFIXES):
            yield href


# The other faces of a page: its JSON, its citations, its manifest.
def related(target):
    path = target.partition("?")[0]
    for prefix, faces in (
        ("/document/", ["/api/v1/documents/{}", "/api/v1/history/{}", "/api/v1/changes/{}?from=1&to=2",
                        "/changes/{}?from=1&to=2", "/iiif/manifest/{}", "/document/{}.json", "/document/{}.ris",
                        "/document/{}.bib", "/document/{}.txt", "/document/{}?q=the"]),
        ("/people/", ["/api/v1/people/{}"]),
        ("/places/", ["/api/v1/places/{}"]),
        ("/organisations/", ["/api/v1/organisations/{}"]),
        ("/collection/", ["/api/v1/collections/{}", "/iiif/collection/{}"]),
    ):
        if path.startswith(prefix) and "." not in path[len(prefix):]:
            for face in faces:
                yield face.format(path[len(prefix):])


def edited(target):
    path, _, query = target.partition("?")
    params = urllib.parse.parse_qsl(query, keep_blank_values=True)
    names = {name for name, _ in params}
    list_page = path in ("/search", "/timeline", "/texts") or path.startswith(("/people/", "/places/", "/organisations/",
                                                                             "/collection/", "/api/v1/search"))
    if list_page:
        names |= set(ALWAYS)
    for name in sorted(names):
        for value in EDITS.get(name, []):
            kept = [(n, v) for n, v in params if n != name]
            yield path + "?" + urllib.parse.urlencode(kept + [(name, value)])


def main():
    base = sys.argv[1].rstrip("/")
    max_pages = int(sys.argv[sys.argv.index("--max-pages") + 1]) if "--max-pages" in sys.argv else 300
    failures = []
    seen = set()
    per_shape = defaultdict(int)
    queue = deque(["/", "/search?q=the", "/search?q=Khrushchev&sort=date", "/timeline", "/texts?q=the",
                   "/api/v1/search?q=the", "/api/v1/collections", "/api/v1/texts?q=the", "/feed.atom",
                   "/oai?verb=ListRecords&metadataPrefix=oai_dc", "/sitemap.xml", "/list",
                   # Names no authority holds: the pages of a plain place or person name.
                   "/places/Washington", "/places/Moscow", "/people/Kennedy", "/organisations/Ministry"])
    crawled = []
    while queue and len(crawled) < max_pages:
        target = queue.popleft()
        if target in seen:
            continue
        seen.add(target)
        path = target.partition("?")[0]
        if per_shape[shape(path)] >= PER_SHAPE:
            continue
        per_shape[shape(path)] += 1
        status, ctype, body = check(base, target, failures)
        crawled.append(target)
        if status == 200 and ("html" in ctype or "xml" in ctype):
            for href in links(base, body):
                if href not in seen:
                    queue.append(href)
        for face in related(target):
            if face not in seen:
                queue.appendleft(face)
        if status is None:
            break
    edits = 0
    answering = not failures or "no answer" not in failures[-1]
    for target in crawled:
        for variant in edited(target):
            if not answering or variant in seen:
                continue
            seen.add(variant)
            status, _, _ = check(base, variant, failures)
            edits += 1
            answering = status is not None   # a server that stopped answering fails everything after
    print("route sweep: %d pages crawled (%d route shapes: %s), %d edited addresses asked"
          % (len(crawled), len(per_shape), " ".join(sorted(per_shape)), edits))
    for failure in failures[:50]:
        print("  FAIL " + failure)
    if len(failures) > 50:
        print("  ... and %d more" % (len(failures) - 50))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
