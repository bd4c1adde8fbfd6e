#!/usr/bin/env python3
"""Harvests an OAI-PMH repository the way harvesters do: ListRecords (or
ListIdentifiers) following resumption tokens to the end, alternating GET and
POST. Every answer must be well-formed XML in the OAI-PMH namespace without an
error. Prints one line of JSON: the identifiers in order, the deleted ones,
pages, and the seconds each page took.

    oai_harvest.py BASE_URL VERB [ARG=VALUE ...]
"""
import json
import sys
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

NS = {"o": "http://www.openarchives.org/OAI/2.0/"}


def fetch(base, params, post):
    data = urllib.parse.urlencode(params)
    if post:
        request = urllib.request.Request(base, data=data.encode(), method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        request = urllib.request.Request(base + "?" + data)
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
        kind = response.headers.get("Content-Type", "")
    seconds = time.monotonic() - started
    if not kind.startswith("text/xml"):
        sys.exit(f"answer of type {kind!r} to {params}")
    root = ET.fromstring(body)
    if root.tag != "{http://www.openarchives.org/OAI/2.0/}OAI-PMH":
        sys.exit(f"root element {root.tag} to {params}")
    error = root.find("o:error", NS)
    if error is not None:
        sys.exit(f"error {error.get('code')}: {error.text} to {params}")
    return root, seconds


def main():
    base, verb = sys.argv[1], sys.argv[2]
    params = dict(arg.split("=", 1) for arg in sys.argv[3:])
    params["verb"] = verb
    ids, deleted, times = [], [], []
    post = False
    while True:
        root, seconds = fetch(base, params, post)
        times.append(round(seconds, 4))
        listing = root.find(f"o:{verb}", NS)
        for header in listing.iter("{http://www.openarchives.org/OAI/2.0/}header"):
            identifier = header.find("o:identifier", NS).text
            ids.append(identifier)
            if header.get("status") == "deleted":
                deleted.append(identifier)
        token = listing.find("o:resumptionToken", NS)
        if token is None or not (token.text or "").strip():
            break
        params = {"verb": verb, "resumptionToken": token.text.strip()}
        post = not post
    print(json.dumps({"ids": ids, "deleted": deleted, "pages": len(times), "seconds": times}))


if __name__ == "__main__":
    main()
