// A search finds a volume's list of sources: the search page shows it under
// the documents, its link opens the text's disclosure on the collection's
// page (app.js), and /texts lists it; axe and CSP clean.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, close, openPage, go, withScreenshot, assertAccessible } from "./helpers.mjs";

before(launch);
after(close);

test("texts: a search finds a volume's sources and opens them on the collection's page", async () => {
  const { context, page, problems } = await openPage();
  try {
    await withScreenshot("texts", page, async () => {
      await go(page, "/search?q=Legation");
      const box = page.locator("#found-texts");
      assert.equal(await box.count(), 1, "the search page shows the collections' texts");
      assert.match(await box.locator("h3").textContent(), /prefaces and sources \(1 text\)/);
      assert.match(await box.locator(".hit-snippet").innerHTML(), /<mark>Legation<\/mark>/);
      await assertAccessible(page, problems);

      await box.locator("a", { hasText: "Sources" }).click();
      await page.waitForURL(/\/collection\/chancery-test-v1#about-sources$/);
      const text = page.locator("details#about-sources");
      await page.waitForFunction(() => document.getElementById("about-sources").open);
      assert.ok(await text.evaluate((d) => d.open), "the linked text is open");
      assert.ok(await text.locator("text=Ledger Files").isVisible());
      await assertAccessible(page, problems);

      await go(page, "/texts?q=%22Ledger+Files%22");
      assert.match(await page.locator("#found-texts-heading").textContent(), /^1 text for/);
      assert.equal(await page.locator("li.text-hit a[href='/collection/chancery-test-v1#about-sources']").count(), 1);
      await assertAccessible(page, problems);
    });
  } finally {
    await context.close();
  }
});
