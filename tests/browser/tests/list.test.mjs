// A reader's list of documents: "Add to my list" on a document page and
// beside a search result keeps ids in the browser; the header counts them;
// "My list" shows them in order (server-rendered from the ids), cites them
// as one RIS file, and removes one; a list sent as a link can be added to
// one's own; an empty list page opens the reader's list. axe finds no
// violation and no CSP violation occurs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, close, openPage, go, withScreenshot, assertAccessible } from "./helpers.mjs";

before(launch);
after(close);

const listedIds = (page) => page.locator("li.listed").evaluateAll((items) => items.map((li) => li.dataset.id));

test("list: add from a document and a search, show, cite, remove", async () => {
  const { context, page, problems } = await openPage();
  try {
    await withScreenshot("list", page, async () => {
      await go(page, "/document/900002");
      const toggle = page.locator("#document button.list-toggle");
      assert.equal(await toggle.getAttribute("aria-pressed"), "false");
      assert.equal((await toggle.textContent()).trim(), "Add to my list");
      await toggle.click();
      assert.equal(await toggle.getAttribute("aria-pressed"), "true");
      assert.equal((await toggle.textContent()).trim(), "On my list");
      assert.equal(await page.locator("#my-list").textContent(), "My list (1)");
      await page.waitForFunction(() => /Added to your list \(1\)/.test(document.getElementById("list-status").textContent));
      await assertAccessible(page, problems);

      // Kept across pages: the search shows the document as on the list.
      await go(page, "/search?q=Nagy");
      assert.equal(await page.locator("#my-list").textContent(), "My list (1)");
      const hits = page.locator("li.hit");
      assert.ok((await hits.count()) >= 2, "the search finds two documents or more");
      let added = "";
      for (let i = 0; i < (await hits.count()); i++) {
        const id = await hits.nth(i).getAttribute("data-id");
        const button = hits.nth(i).locator("button.list-toggle");
        if (id === "900002") {
          assert.equal(await button.getAttribute("aria-pressed"), "true");
        } else if (!added) {
          await button.click();
          assert.equal(await button.getAttribute("aria-pressed"), "true");
          added = id;
        }
      }
      assert.ok(added, "a second document was added");
      assert.equal(await page.locator("#my-list").textContent(), "My list (2)");
      await assertAccessible(page, problems);

      // The list, in the order added.
      await page.locator("#my-list").click();
      await page.waitForURL(/\/list\?id=/);
      assert.deepEqual(await listedIds(page), ["900002", added]);
      assert.equal(await page.locator("#list-count").textContent(), "2 documents");
      assert.equal(await page.locator("button.list-remove:visible").count(), 2);
      assert.equal(await page.locator("#list-adopt").isVisible(), false);
      await assertAccessible(page, problems);

      // Cited in one file.
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.locator("#list-export").getByRole("button", { name: "RIS" }).click(),
      ]);
      assert.equal(download.suggestedFilename(), "chancery-list.ris");
      const ris = readFileSync(await download.path(), "utf8");
      assert.equal((ris.match(/^TY {2}- /gm) || []).length, 2, ris);
      assert.ok(ris.indexOf("/document/900002") < ris.indexOf(`/document/${added}`), "in the list's order");

      // Removed: the list shows one, the header counts one.
      await page.locator('button.list-remove[data-id="900002"]').click();
      await page.waitForFunction(() => document.querySelectorAll("li.listed").length === 1);
      assert.deepEqual(await listedIds(page), [added]);
      assert.equal(await page.locator("#my-list").textContent(), "My list (1)");

      // An empty list page opens the reader's list.
      await go(page, "/list");
      await page.waitForURL(/\/list\?id=/);
      assert.deepEqual(await listedIds(page), [added]);

      // Emptied.
      await page.locator("#list-clear").click();
      await page.waitForSelector("#list-empty");
      assert.equal(await page.locator("#my-list").textContent(), "My list");
      await assertAccessible(page, problems);
    });
  } finally {
    await context.close();
  }
});

test("list: a list sent as a link is shown as sent and can be added to one's own", async () => {
  const { context, page, problems } = await openPage();
  try {
    await withScreenshot("list-shared", page, async () => {
      await go(page, "/list?id=900003&id=no-such-document&id=900001");
      assert.deepEqual(await listedIds(page), ["900003", "no-such-document", "900001"]);
      assert.match(await page.locator('li.listed[data-id="no-such-document"]').textContent(), /not in this archive/);
      assert.equal(await page.locator("button.list-remove:visible").count(), 0, "not the reader's list: nothing to remove");
      const adopt = page.locator("#list-adopt");
      assert.ok(await adopt.isVisible());
      await assertAccessible(page, problems);
      await adopt.click();
      assert.equal(await page.locator("#my-list").textContent(), "My list (3)");
      await page.waitForFunction(() => /3 documents added to your list/.test(document.getElementById("list-status").textContent));
      // Now it is the reader's list: opened from the header, with Remove buttons.
      await page.locator("#my-list").click();
      await page.waitForFunction(() => document.querySelectorAll("button.list-remove:not([hidden])").length === 3);
    });
  } finally {
    await context.close();
  }
});
