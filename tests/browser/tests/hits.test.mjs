// A search's hits: the query's words are marked in the titles, and a hit
// found by one of its notes alone shows that note's words, says which note
// they are from and links to it on the document page, where the note is
// targeted and its words are marked. Uses the fixture volume
// (tests/browser/fixtures/test_volume.xml), whose document 1 names the
// "Imaginary Archive" only in its source note. Axe and CSP clean.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, close, openPage, go, withScreenshot, assertAccessible } from "./helpers.mjs";

before(launch);
after(close);

test("hits: titles marked; a hit found by a note shows the note and opens it", async () => {
  const { context, page, problems } = await openPage();
  try {
    await withScreenshot("hits", page, async () => {
      await go(page, "/search?q=Telegram");
      const titleMarks = page.locator("#hits .hit-title mark");
      assert.ok(await titleMarks.count() > 0, "a hit's title marks the query's word");
      assert.equal((await titleMarks.first().textContent()).toLowerCase(), "telegram");
      await assertAccessible(page, problems);

      await go(page, "/search?q=Imaginary");
      const hit = page.locator("#hits li.hit", { has: page.locator(".hit-snippet-note") }).first();
      assert.equal(await hit.count(), 1, "a hit's snippet comes from a note");
      const label = hit.locator(".hit-snippet-note");
      assert.equal((await label.textContent()).trim(), "Source note");
      assert.match(await hit.locator(".hit-snippet").innerHTML(), /<mark>Imaginary<\/mark>/);
      await assertAccessible(page, problems);

      const href = await label.getAttribute("href");
      assert.match(href, /^\/document\/[^#]+\?q=Imaginary#fn1$/);
      await Promise.all([page.waitForURL((url) => url.hash === "#fn1"), label.click()]);
      const note = page.locator("li.note#fn1");
      assert.equal(await note.count(), 1, "the link's target is the note");
      assert.ok(await note.evaluate((el) => el.matches(":target")), "the note is targeted");
      assert.equal((await note.locator("mark.query-match").first().textContent()), "Imaginary");
      await assertAccessible(page, problems);
    });
  } finally {
    await context.close();
  }
});
