#!/usr/bin/env bash
# Browser tests of the reading room (Playwright + axe-core in Debian's Chromium):
# see tests/browser/run.sh. Exit 77 (skipped) when node or chromium is missing.
exec bash "$(cd "$(dirname "$0")/../browser" && pwd)/run.sh" "$@"
