// An editor's work as a reader meets it (run.sh annotates the test volume
// before the server starts): a correction and a note beside the document as
// published, the note's markup shown as text; a closed document's notice in
// place of its text; its collection listing it, marked closed; search not
// finding it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, close, openPage, go, withScreenshot, cspViolations } from "./helpers.mjs";

before(launch);
after(close);

const VOLUME = "chancery-test-v1";

test("editors: a correction and a note beside the published text", async () => {
  const { context, page, problems } = await openPage();
  try {
    await withScreenshot("editors-corrected", page, async () => {
      const response = await go(page, `/document/${VOLUME}/d1`);
      assert.equal(response.status(), 200);
      const aside = page.locator("#annotations");
      assert.ok(await aside.isVisible(), "the corrections are shown");
      const correction = page.locator("#annotation-1");
      assert.equal(await correction.locator(".annotation-quote").textContent(), "frontier is quiet");
      assert.equal(await correction.locator(".annotation-text").textContent(), "frontier was quiet");
      assert.match(await correction.textContent(), /past tense/);
      // The note's markup is text, not an element.
      const note = page.locator("#annotation-2 .annotation-text");
      assert.equal(await note.textContent(), "Compare <em>the</em> second report.");
      assert.equal(await note.locator("em").count(), 0);
      // The text itself is as published, below.
      assert.match(await page.textContent("#document"), /the frontier is quiet/);
      const before = await aside.boundingBox();
      const body = await page.locator("p", { hasText: "the frontier is quiet" }).first().boundingBox();
      assert.ok(before.y < body.y, "the corrections come before the text");
      assert.deepEqual(await cspViolations(page, problems), []);
      assert.deepEqual(problems.errors, []);
    });
  } finally {
    await context.close();
  }
});

test("editors: a closed document, its collection and search", async () => {
  const { context, page, problems } = await openPage();
  try {
    await withScreenshot("editors-closed", page, async () => {
      const response = await go(page, `/document/${VOLUME}/d2`);
      assert.equal(response.status(), 403);
      assert.ok(await page.locator("#restriction").isVisible());
      assert.match(await page.textContent("#restriction"), /Closed for the browser test/);
      assert.equal(await page.getAttribute(".restriction-until", "datetime"), "2999-01-01");
      assert.doesNotMatch(await page.textContent("body"), /refugees/);
      // Its collection lists it by title, marked closed, and only it.
      await go(page, `/collection/${VOLUME}`);
      const closed = page.locator("#documents li", { has: page.locator(".closed-label") });
      assert.equal(await closed.count(), 1);
      assert.equal(await closed.locator("a").getAttribute("href"), `/document/${VOLUME}/d2`);
      // Search does not find it.
      await go(page, "/search?q=refugees");
      assert.equal(await page.locator(`#hits a[href="/document/${VOLUME}/d2"]`).count(), 0);
      assert.deepEqual(await cspViolations(page, problems), []);
    });
  } finally {
    await context.close();
  }
});
