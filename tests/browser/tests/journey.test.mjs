// The reader's journey: home -> search -> facet -> document -> footnote and
// back -> citation copy -> RIS download; the JSON API agrees with the page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { BASE, DOC_ID, HAS_SEED, FRUS_ID, launch, close, openPage, go, withScreenshot, cspViolations } from "./helpers.mjs";

before(launch);
after(close);

// "Nagy" needs the corpus to hit documents of several years; the examples
// alone have one Nagy document, so without the corpus the journey searches "report".
const QUERY = HAS_SEED || FRUS_ID ? "Nagy" : "report";
if (QUERY !== "Nagy") console.log("corpus absent: the journey searches the examples for \"report\" instead of \"Nagy\"");

const hitIds = (page) => page.$$eval("#hits li.hit", (lis) => lis.map((li) => li.dataset.id));
const total = async (page) => Number(await page.getAttribute("#results-heading", "data-total"));

test("journey: home, search, facet, document, note, citation, RIS", async () => {
  const { context, page, problems } = await openPage({ permissions: ["clipboard-read", "clipboard-write"] });
  try {
    await withScreenshot("journey", page, async () => {
      // Home, then search from its form.
      const home = await go(page, "/");
      // Chromium asks for gzip (and zstd): the page comes compressed and reads as any other.
      assert.match(home.headers()["content-encoding"] ?? "", /^(gzip|zstd)$/, "the home page comes compressed");
      assert.equal(await page.locator("h1").count(), 1);
      await page.fill("#q", QUERY);
      await Promise.all([page.waitForURL(/\/search\?/), page.press("#q", "Enter")]);
      assert.match(page.url(), new RegExp(`[?&]q=${QUERY}(&|$)`));

      // Results: a count, facets, highlighted snippets.
      const before = await total(page);
      assert.ok(before > 0, `search for ${QUERY} finds documents`);
      assert.match(await page.textContent("#results-heading"), new RegExp(`\\d+ documents? for “${QUERY}”`));
      const ids = await hitIds(page);
      assert.equal(ids.length, Math.min(before, 20));
      assert.ok(await page.locator("#facets section.facet").count() > 0, "facets are shown");
      const marks = await page.$$eval("#hits .hit-snippet mark", (ms) => ms.map((m) => m.textContent));
      assert.ok(marks.length > 0, "snippets mark the matches");
      for (const m of marks) assert.match(m, new RegExp(QUERY, "i"));

      // A year facet whose count is below the total (the least frequent year).
      const years = await page.$$eval('#facets section[data-facet="year"] a.facet-value', (as) =>
        as.map((a) => ({ href: a.getAttribute("href"), year: a.firstChild.textContent.trim(),
          count: Number(a.querySelector(".count").textContent.replace(/[^0-9]/g, "")) })));
      assert.ok(years.length >= 2, `at least two years among the hits (got ${JSON.stringify(years)})`);
      const pick = years.reduce((a, b) => (b.count < a.count ? b : a));
      assert.ok(pick.count < before);
      await Promise.all([page.waitForURL(/f=year/), page.click(`#facets a.facet-value[href="${pick.href}"]`)]);
      const after = await total(page);
      assert.equal(after, pick.count, "the filtered count is the facet's count");
      assert.notEqual(after, before);
      assert.match(await page.textContent(".active-filter"), new RegExp(pick.year));
      const dates = await page.$$eval("#hits .hit-date time", (ts) => ts.map((t) => t.getAttribute("datetime")));
      assert.ok(dates.length > 0);
      for (const d of dates) assert.ok(d.startsWith(pick.year), `hit dated ${d} is in ${pick.year}`);

      // Open the document (from the results when it is among them, else directly).
      await go(page, `/search?q=${QUERY}&limit=50`);
      // A hit opens its document with the query's words marked (?q=).
      const link = page.locator(`#hits a[href="/document/${DOC_ID}?q=${QUERY}"]`);
      if (await link.count() > 0) {
        await Promise.all([page.waitForURL(new RegExp(`/document/${DOC_ID}\\?q=${QUERY}$`)), link.first().click()]);
        const marks = page.locator("mark.query-match:not(.query-match-more)");   // a word cut by a link is one
        const count = await marks.count();
        assert.ok(count > 0, "the query's words are marked");
        assert.match(await page.textContent("#query-marks .query-marks-count"), new RegExp(`^${count} place`));
        // Next walks the marks in order, each outlined, focused and announced.
        await page.click("#query-marks .query-marks-next");
        assert.equal(await page.getAttribute("mark.query-match-current", "id"), "match-1");
        assert.equal(await page.evaluate(() => document.activeElement.id), "match-1");
        assert.ok(await inViewport(page, "#match-1"), "the first mark is scrolled into view");
        assert.equal(await page.textContent("#query-marks .query-marks-at"), `1 of ${count}`);
        // Back leads to the very page of results the reader came from.
        assert.equal(await page.getAttribute("#query-marks a.query-marks-back", "href"), `/search?q=${QUERY}&limit=50`);
        await page.click("#query-marks .query-marks-previous");   // wraps round to the last
        assert.equal(await page.getAttribute("mark.query-match-current", "id"), `match-${count}`);
        assert.equal(await page.locator("mark.query-match-current").count(), 1);
        // Hiding the marks: the plain page.
        await Promise.all([page.waitForURL(new RegExp(`/document/${DOC_ID}$`)), page.click("#query-marks >> text=Hide the marks")]);
        assert.equal(await page.locator("mark.query-match").count(), 0);
      } else {
        assert.ok(!HAS_SEED, "the seed record is among the first hits for Nagy");
        await go(page, `/document/${DOC_ID}`);
      }
      assert.equal(await page.getAttribute("#document", "data-id"), DOC_ID);

      // Note marker (1) -> the note -> back to the marker.
      const marker = page.locator('a.note-ref[href="#fn1"]');
      assert.equal(await marker.count(), 1);
      await marker.click();
      await page.waitForURL(/#fn1$/);
      const note = page.locator("li#fn1");
      assert.ok(await note.isVisible());
      assert.ok(await inViewport(page, "li#fn1"), "the note is scrolled into view");
      await page.click("li#fn1 a.note-back");
      await page.waitForURL(/#fnref1$/);
      assert.ok(await inViewport(page, "#fnref1"), "back at the marker");

      // Citation box: copy button puts the citation on the clipboard.
      const copy = page.locator('#cite-chicago button.copy-button');
      assert.ok(await copy.isVisible(), "copy button is shown (secure context, Clipboard API)");
      const expected = (await page.textContent("#cite-chicago-text"));
      await copy.click();
      await page.waitForFunction(() => document.querySelector("#cite-chicago button.copy-button").textContent === "Copied");
      // The outcome is also a status message for screen readers (WCAG 4.1.3).
      const status = page.locator('#cite [role="status"]');
      assert.equal(await status.count(), 1);
      await page.waitForFunction(() => /copied/i.test(document.querySelector('#cite [role="status"]').textContent));
      assert.equal(await status.textContent(), "Chicago citation copied to the clipboard.");
      const clip = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(clip, expected);
      assert.match(clip, HAS_SEED ? /Notes of a Secure Phone Call/ : /Record of a Telephone Message/);

      // RIS download through the link.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.click(`#cite-ris a.download[href="/document/${DOC_ID}.ris"]`),
      ]);
      assert.equal(download.suggestedFilename().endsWith(".ris"), true, download.suggestedFilename());
      const ris = await readFile(await download.path(), "utf8");
      checkRis(ris);

      assert.deepEqual(await cspViolations(page, problems), []);
      assert.deepEqual(problems.errors, []);
      assert.deepEqual(problems.dialogs, []);
    });
  } finally {
    await context.close();
  }
});

function checkRis(ris) {
  const lines = ris.split(/\r?\n/).filter((l) => l.length > 0);
  const tag = (t) => lines.filter((l) => l.startsWith(`${t}  - `)).map((l) => l.slice(6));
  assert.equal(lines[0].slice(0, 6), "TY  - ", "RIS starts with TY");
  assert.match(lines.at(-1), /^ER  - ?$/, "RIS ends with ER");
  for (const l of lines) assert.match(l, /^[A-Z][A-Z0-9]  - /, `RIS line: ${l}`);
  if (HAS_SEED) {
    assert.deepEqual(tag("TI"), ["Notes of a Secure Phone Call from the Soviet Ambassador in Romania, A. A. Epishev"]);
    assert.deepEqual(tag("PY"), ["1956"]);
    assert.deepEqual(tag("DA"), ["1956/11/03/"]);
    assert.ok(tag("AV").some((v) => v.startsWith("TsKhSD")), "the archive (AV)");
  } else {
    assert.equal(tag("TI").length, 1);
    assert.match(tag("TI")[0], /Record of a Telephone Message/);
    assert.deepEqual(tag("PY"), ["1956"]);
    assert.ok(tag("AV").some((v) => v.startsWith("Imaginary State Archive")), "the archive (AV)");
  }
  assert.deepEqual(tag("UR"), [`${BASE}/document/${DOC_ID}`]);
}

async function inViewport(page, selector) {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  });
}

test("RIS export served at /document/{id}.ris", async () => {
  const res = await fetch(`${BASE}/document/${DOC_ID}.ris`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type"), /ris|text\/plain|application/);
  checkRis(await res.text());
});

test("JSON API returns the same hits as the search page", async () => {
  const { context, page } = await openPage();
  try {
    await withScreenshot("api-vs-page", page, async () => {
      for (const q of ["Nagy", "Budapest"]) {
        await go(page, `/search?q=${encodeURIComponent(q)}`);
        const pageIds = await hitIds(page);
        const pageTotal = await total(page);
        const res = await fetch(`${BASE}/api/v1/search?q=${encodeURIComponent(q)}`);
        assert.equal(res.status, 200);
        const body = await res.json();
        assert.ok(pageIds.length > 0, `${q} has hits`);
        assert.deepEqual(body.hits.map((h) => h.id), pageIds, `hit ids for ${q}`);
        assert.equal(body.total, pageTotal, `total for ${q}`);
      }
    });
  } finally {
    await context.close();
  }
});
