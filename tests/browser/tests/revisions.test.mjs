// A record's revisions as a reader meets them (run.sh imports a second
// revision of example 900002: a word changed and a paragraph added): the
// document page names its revision and links its history; the history lists
// both revisions; the comparison shows the change in words, struck through and
// underlined; the earlier text opens with a notice. axe finds no violation on
// any of these pages and no CSP violation occurs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, close, openPage, go, withScreenshot, assertAccessible } from "./helpers.mjs";

before(launch);
after(close);

test("revisions: from the document to its history, the changes and the earlier text", async () => {
  const { context, page, problems } = await openPage();
  try {
    await withScreenshot("revisions", page, async () => {
      const response = await go(page, "/document/900002");
      assert.equal(response.status(), 200);
      const revision = page.locator("dd.revision");
      assert.match(await revision.textContent(), /^2 of 2, /);
      assert.ok(await page.getByText("would meet within two days").isVisible());

      await revision.getByRole("link", { name: "History" }).click();
      await page.waitForURL(/\/history\/900002$/);
      assert.equal(await page.locator("h1").textContent(), "History of Memorandum on a Conversation with Władysław Gomułka");
      const rows = page.locator("tbody tr");
      assert.equal(await rows.count(), 2);
      assert.match(await rows.nth(0).textContent(), /2\s*\(current\)/);
      assert.match(await rows.nth(0).locator(".revision-what").textContent(), /Changed the text/);
      assert.match(await rows.nth(1).locator(".revision-what").textContent(), /First imported/);
      assert.equal(await rows.nth(0).locator(".revision-source").textContent(), "02_warsaw_memorandum.txt");
      await assertAccessible(page, problems);

      await rows.nth(0).getByRole("link", { name: "with the one before" }).click();
      await page.waitForURL(/\/changes\/900002\?from=1&to=2$/);
      const changes = page.locator(".change");
      assert.equal(await changes.count(), 2);
      assert.match(await changes.nth(0).locator("ins").textContent(), /^ ?two ?$/);
      assert.match(await changes.nth(1).locator("h2").textContent(), /added/);
      assert.equal(await changes.nth(1).locator("ins").textContent(), "A later paragraph, found in a second copy.");
      // Deleted words are struck through, inserted ones underlined: the reader sees which is which without colour.
      const decoration = await changes.nth(0).locator("ins").evaluate((el) => getComputedStyle(el).textDecorationLine);
      assert.equal(decoration, "underline");
      await assertAccessible(page, problems);

      await page.getByRole("link", { name: "1", exact: true }).click();
      await page.waitForURL(/\/document\/900002\?revision=1$/);
      const notice = page.locator("#revision-notice");
      assert.ok(await notice.isVisible());
      assert.match(await notice.textContent(), /revision 1 of 2/);
      assert.ok(await page.getByText("would meet within days").isVisible());
      assert.equal(await page.getByText("A later paragraph, found in a second copy.").count(), 0);
      await assertAccessible(page, problems);
      await notice.getByRole("link", { name: "Read the current text" }).click();
      await page.waitForURL(/\/document\/900002$/);
    });
  } finally {
    await context.close();
  }
});
