// Accessibility (axe-core, WCAG 2.1 A/AA), keyboard access, phone layout,
// and markup in record fields shown as text (no script runs, no CSP violation).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { DOC_ID, FRUS_ID, HAS_SEED, XSS_ID, launch, close, openPage, go, withScreenshot, axe, formatViolations, cspViolations } from "./helpers.mjs";

before(launch);
after(close);

// The pages axe checks. fixtures/test_volume.xml (fictional TEI) gives a
// collection and a person page without the corpus; the FRUS volume adds its own.
const TEST_VOLUME = "chancery-test-v1";
const pages = [
  ["home", "/"],
  ["search results", "/search?q=Nagy"],
  ["search without hits", "/search?q=zzzznotaword"],
  ["search with a filter", "/search?q=Nagy&f=year%3A1956"],
  ["search that cannot run", "/search?q=%22unbalanced"],
  ["search finding a collection's sources", "/search?q=Legation"],
  ["collections' texts", "/texts?q=%22Ledger+Files%22"],
  ["document", `/document/${DOC_ID}`],
  ["document at a note", `/document/${DOC_ID}#fn1`],
  ["document opened from a search, its words marked", `/document/${DOC_ID}?q=Nagy+report`],
  ["timeline", "/timeline"],
  ["timeline month", "/timeline?year=1956&month=11"],
  ["place", "/places/Budapest"],
  ["collection", `/collection/${TEST_VOLUME}`],
  ["collection part", `/collection/${TEST_VOLUME}/ch1`],
  ["TEI document, with an editor's correction and note", `/document/${TEST_VOLUME}/d1`],
  ["closed document", `/document/${TEST_VOLUME}/d2`],
  ["person", `/people/${TEST_VOLUME}/p_SJ1`],
  ["not found", "/document/no-such-record"],
];
if (FRUS_ID) {
  pages.push(["FRUS document", `/document/${FRUS_ID}/d159`]);
  pages.push(["FRUS collection", `/collection/${FRUS_ID}`]);
}

const phone = { viewport: { width: 390, height: 844 }, contextOptions: { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } };
const cases = [...pages.map(([name, url]) => [name, url, {}]),
  ...pages.filter(([name]) => ["home", "search results", "search with a filter", "document", "person", "FRUS document"].includes(name))
    .map(([name, url]) => [`${name}, phone`, url, phone])];

for (const [name, url, options] of cases) {
  test(`axe: ${name} (${url}) has no WCAG 2.1 A/AA violations`, async () => {
    const { context, page, problems } = await openPage(options);
    try {
      await withScreenshot(`axe-${name}`, page, async () => {
        await go(page, url);
        const violations = await axe(page);
        assert.equal(violations.length, 0, formatViolations(url, violations));
        assert.deepEqual(await cspViolations(page, problems), []);
      });
    } finally {
      await context.close();
    }
  });
}

test("axe: a FRUS person page has no WCAG 2.1 A/AA violations", { skip: FRUS_ID ? false : "no FRUS volume imported (corpus absent)" }, async () => {
  const { context, page, problems } = await openPage();
  try {
    await withScreenshot("axe-person", page, async () => {
      await go(page, `/document/${FRUS_ID}/d159`);
      const href = await page.getAttribute('#names a[href^="/people/"]', "href");
      assert.ok(href, "the FRUS document links to a person");
      await go(page, href);
      assert.equal(await page.locator("article.person h1").count(), 1);
      const violations = await axe(page);
      assert.equal(violations.length, 0, formatViolations(href, violations));
      assert.deepEqual(await cspViolations(page, problems), []);
    });
  } finally {
    await context.close();
  }
});

test("keyboard: Tab reaches the skip link first, then the search box; focus is visible", async () => {
  const { context, page } = await openPage();
  try {
    await withScreenshot("keyboard", page, async () => {
      await go(page, "/");
      await page.keyboard.press("Tab");
      const first = await page.evaluate(() => ({
        cls: document.activeElement.className, href: document.activeElement.getAttribute("href") }));
      assert.deepEqual(first, { cls: "skip-link", href: "#main" });
      assert.ok(await page.locator(".skip-link").isVisible(), "the focused skip link is visible");
      await assertFocusVisible(page);
      // The skip link moves focus to <main>.
      await page.keyboard.press("Enter");
      assert.equal(await page.evaluate(() => document.activeElement.id), "main");
      // From the top, Tab reaches the search box.
      await go(page, "/");
      let reached = false;
      for (let i = 0; i < 15 && !reached; i++) {
        await page.keyboard.press("Tab");
        await assertFocusVisible(page);
        reached = await page.evaluate(() => document.activeElement.id === "q");
      }
      assert.ok(reached, "Tab reaches #q within 15 presses");
    });
  } finally {
    await context.close();
  }
});

// Every tab stop of a document page shows where the focus is.
test("keyboard: every tab stop on a document page has a visible focus indicator", async () => {
  const { context, page } = await openPage();
  try {
    await withScreenshot("keyboard-walk", page, async () => {
      await go(page, `/document/${FRUS_ID ? `${FRUS_ID}/d159` : DOC_ID}`);
      const seen = new Set();
      for (let i = 0; i < 400; i++) {
        await page.keyboard.press("Tab");
        const key = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          // An element's place in the document order identifies it.
          const index = [...document.querySelectorAll("*")].indexOf(el);
          return `${el.tagName}#${el.id}@${el.getAttribute("href") || ""}[${index}]`;
        });
        if (key === null) break; // focus left the page: all stops seen
        if (seen.has(key)) break; // wrapped around
        seen.add(key);
        await assertFocusVisible(page);
      }
      assert.ok(seen.size > 10, `walked ${seen.size} tab stops`);
      assert.ok([...seen].some((k) => k.startsWith("PRE#cite-")), "the citation texts are tab stops");
    });
  } finally {
    await context.close();
  }
});

// The focused element draws a visible outline (or box-shadow).
async function assertFocusVisible(page) {
  const style = await page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return { tag: el.tagName, outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth), boxShadow: s.boxShadow };
  });
  const visible = (style.outlineStyle !== "none" && style.outlineWidth >= 1) || style.boxShadow !== "none";
  assert.ok(visible, `focus is visible on ${style.tag}: ${JSON.stringify(style)}`);
}

// 390x844 is a phone; 320 CSS px is WCAG 1.4.10's reflow width (1280 px at 400% zoom).
const narrow = { viewport: { width: 320, height: 640 } };
for (const [name, url, options, size] of [
  ["document", `/document/${DOC_ID}`, phone, "390x844"], ["search", "/search?q=Nagy", phone, "390x844"],
  ...(FRUS_ID ? [["FRUS document", `/document/${FRUS_ID}/d159`, phone, "390x844"]] : []),
  ["home", "/", narrow, "320x640"], ["document", `/document/${DOC_ID}`, narrow, "320x640"],
  ["search", "/search?q=Nagy", narrow, "320x640"], ["timeline month", "/timeline?year=1956&month=11", narrow, "320x640"]]) {
  test(`viewport ${size}: no horizontal scroll on ${name}`, async () => {
    const { context, page } = await openPage(options);
    try {
      await withScreenshot(`narrow-${size}-${name}`, page, async () => {
        await go(page, url);
        const m = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        if (m.scroll > m.client) {
          const wide = await page.evaluate(() => [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 5).map((el) => `${el.tagName}.${el.className} right=${Math.round(el.getBoundingClientRect().right)}`));
          assert.fail(`page is ${m.scroll}px wide in a ${m.client}px viewport; too wide: ${wide.join(", ")}`);
        }
        assert.equal(m.client, options.viewport.width);
      });
    } finally {
      await context.close();
    }
  });
}

test("phone: the hits come before the filters, which one link reaches", async () => {
  const { context, page } = await openPage(phone);
  try {
    await withScreenshot("phone-search-order", page, async () => {
      await go(page, "/search?q=Nagy");
      const hitTop = await page.locator("#hits li").first().evaluate((el) => el.getBoundingClientRect().top);
      const facetsTop = await page.locator("#facets").evaluate((el) => el.getBoundingClientRect().top);
      assert.ok(hitTop < facetsTop, `first hit at ${hitTop}px, filters at ${facetsTop}px`);
      const link = page.locator("a.to-facets");
      assert.ok(await link.isVisible(), "the link to the filters shows on a phone");
      await Promise.all([page.waitForURL(/#facets$/), link.click()]);
    });
  } finally {
    await context.close();
  }
  const wide = await openPage();
  try {
    await go(wide.page, "/search?q=Nagy");
    assert.equal(await wide.page.locator("a.to-facets").isVisible(), false, "beside the hits, no link is needed");
  } finally {
    await wide.context.close();
  }
});

test("a title made of markup is shown as text: no dialog, no CSP violation", async () => {
  const { context, page, problems } = await openPage();
  try {
    await withScreenshot("xss", page, async () => {
      await go(page, `/document/${XSS_ID}`);
      assert.equal(await page.textContent("h1.document-title"), "<script>alert(1)</script>");
      assert.equal(await page.locator("h1.document-title script").count(), 0);
      assert.match(await page.textContent("#summary p"), /<img src=x onerror=alert\(2\)>/);
      assert.equal(await page.locator("#summary img").count(), 0);
      assert.equal(await page.title(), "<script>alert(1)</script> · Chancery");
      // In search results and on the home page too.
      await go(page, "/search?q=alert");
      assert.ok((await page.$$eval("#hits .hit-title a", (as) => as.map((a) => a.textContent)))
        .includes("<script>alert(1)</script>"));
      await go(page, "/");
      assert.equal(await page.locator(`#recent a[href="/document/${XSS_ID}"]`).textContent(), "<script>alert(1)</script>");
      assert.deepEqual(await cspViolations(page, problems), []);
      assert.deepEqual(problems.dialogs, []);
      assert.deepEqual(problems.errors, []);
    });
  } finally {
    await context.close();
  }
});

// The checks above can fail: axe reports a planted violation, and the CSP
// tracking sees a blocked inline script.
test("self-check: axe and the CSP tracking detect planted problems", async () => {
  const { context, page, problems } = await openPage();
  try {
    await go(page, "/");
    await page.evaluate(() => {
      const input = document.createElement("input");
      input.type = "text";
      document.querySelector("main").append(input);
      const s = document.createElement("script");
      s.textContent = "window.__planted = 1;";
      document.body.append(s);
    });
    const violations = await axe(page);
    assert.ok(violations.some((v) => v.id === "label"), formatViolations("planted", violations));
    await page.waitForFunction(() => window.__cspViolations.length > 0);
    assert.equal(await page.evaluate(() => window.__planted), undefined, "the inline script was blocked");
    assert.ok((await cspViolations(page, problems)).some((v) => /script-src/.test(v)));
  } finally {
    await context.close();
  }
});

// WCAG 2.4.2: each page's title says what it is, before the site's name.
test("page titles describe the page", async () => {
  const { context, page } = await openPage();
  try {
    const expected = [
      ["/", "Home · Chancery"],
      ["/search", "Search · Chancery"],
      ["/search?q=Nagy", "Search: Nagy · Chancery"],
      ["/timeline", "Timeline · Chancery"],
      [`/document/${DOC_ID}`, `${HAS_SEED ? "Notes of a Secure Phone Call from the Soviet Ambassador in Romania, A. A. Epishev"
        : "Record of a Telephone Message from the Embassy in Budapest to the Central Committee"} · Chancery`],
      ["/document/no-such-record", "Not Found · Chancery"],
    ];
    for (const [url, title] of expected) {
      await go(page, url);
      assert.equal(await page.title(), title, url);
    }
  } finally {
    await context.close();
  }
});

// tests/data/hostile/tei_script.xml: a TEI volume whose titles, notes and
// text hold <script> elements and javascript: links.
test("a TEI volume full of <script> shows it as text: no dialog, no script link, no CSP violation",
  { skip: process.env.CHANCERY_HOSTILE_TEI === "1" ? false : "tests/data/hostile/tei_script.xml is absent" }, async () => {
    const { context, page, problems } = await openPage();
    try {
      await withScreenshot("hostile-tei", page, async () => {
        await go(page, "/collection/hostile-tei-script");
        assert.equal(await page.textContent("h1"), "<script>alert(1)</script> volume");
        await go(page, "/document/hostile-tei-script/d1");
        assert.equal(await page.textContent("h1"), "1. <script>alert(1)</script> Letter");
        assert.equal(await page.locator("main script").count(), 0);
        assert.equal(await page.locator('[href^="javascript:" i], [src^="javascript:" i]').count(), 0);
        assert.match(await page.textContent("li#fn1"), /<script>alert\(1\)<\/script>/);
        const violations = await axe(page);
        assert.equal(violations.length, 0, formatViolations(page.url(), violations));
        assert.deepEqual(await cspViolations(page, problems), []);
        assert.deepEqual(problems.dialogs, []);
        assert.deepEqual(problems.errors, []);
      });
    } finally {
      await context.close();
    }
  });
