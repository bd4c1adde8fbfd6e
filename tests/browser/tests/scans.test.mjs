// Scanned pages as a reader meets them (run.sh adds two pages to the test
// volume's first document): thumbnails under the text that load from the IIIF
// image service, each opening its page at full size; a link to the IIIF
// manifest; no CSP violation and no axe violation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, close, openPage, go, withScreenshot, cspViolations, axe, formatViolations } from "./helpers.mjs";

before(launch);
after(close);

const SCANS_ID = process.env.CHANCERY_SCANS_ID || "";

test("scans: thumbnails load, open the page, and the manifest is linked", { skip: !SCANS_ID && "no scans (vips absent)" }, async () => {
  const { context, page, problems } = await openPage();
  try {
    await withScreenshot("scans", page, async () => {
      const response = await go(page, `/document/${SCANS_ID}`);
      assert.equal(response.status(), 200);
      const section = page.locator("#scans");
      await section.scrollIntoViewIfNeeded();
      assert.ok(await section.isVisible(), "the scanned pages are shown");
      assert.match(await section.locator("h2").textContent(), /Scanned pages\s*\(2\)/);
      const images = section.locator(".scan-pages img");
      assert.equal(await images.count(), 2);
      // Lazy images load once in view; each is decoded by the browser.
      await page.waitForFunction(() =>
        [...document.querySelectorAll(".scan-pages img")].every((img) => img.complete && img.naturalWidth > 0));
      const sizes = await images.evaluateAll((list) => list.map((img) => [img.naturalWidth, img.naturalHeight]));
      assert.deepEqual(sizes, [[180, 240], [171, 240]]);
      assert.equal(await section.locator(".scan-label").first().textContent(), "p. 1");
      const manifest = section.locator(".iiif-link a");
      const manifestUrl = new URL(await manifest.getAttribute("href"), page.url()).href;
      const answer = await page.request.get(manifestUrl);
      assert.equal(answer.status(), 200);
      const body = await answer.json();
      assert.equal(body.type, "Manifest");
      assert.equal(body.items.length, 2);
      const violations = await axe(page);
      assert.equal(violations.length, 0, formatViolations(page.url(), violations));
      assert.deepEqual(await cspViolations(page, problems), []);
      assert.deepEqual(problems.errors, []);
      // A thumbnail opens its page at full size.
      const [full] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/full/max/0/default.jpg")),
        images.nth(1).click(),
      ]);
      assert.equal(full.status(), 200);
      assert.equal(full.headers()["content-type"], "image/jpeg");
      const natural = await page.evaluate(() => [document.images[0].naturalWidth, document.images[0].naturalHeight]);
      assert.deepEqual(natural, [1000, 1400]);
    });
  } finally {
    await context.close();
  }
});
