// Shared setup for the browser tests: one Chromium (Debian's) for the run,
// a fresh context per test, CSP-violation and dialog tracking, screenshots on
// failure, axe-core.
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export const BASE = process.env.CHANCERY_BASE_URL;
export const HAS_SEED = process.env.CHANCERY_HAS_SEED === "1";
export const FRUS_ID = process.env.CHANCERY_FRUS_ID || "";
const CHROMIUM = process.env.CHANCERY_CHROMIUM || "/usr/bin/chromium";
const RESULTS = process.env.CHANCERY_RESULTS_DIR || path.resolve("test-results");
if (!BASE) throw new Error("CHANCERY_BASE_URL is not set: run tests/browser/run.sh");

// The document the journey opens: the seed record when present, else the
// fictional sample with notes.
export const DOC_ID = HAS_SEED ? "117079" : "900001";
export const XSS_ID = "990001";

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let browser;

export async function launch() {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
    // launch() always gives Chromium a fresh temporary --user-data-dir of its own.
  });
  return browser;
}

export async function close() {
  if (browser) await browser.close();
}

// A fresh context and page. Records console CSP reports, securitypolicyviolation
// events, page errors and dialogs (dialogs are dismissed and recorded).
export async function openPage(options = {}) {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: options.viewport || { width: 1280, height: 900 },
    ...(options.contextOptions || {}),
  });
  if (options.permissions) await context.grantPermissions(options.permissions, { origin: BASE });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  const problems = { csp: [], errors: [], dialogs: [] };
  page.on("console", (msg) => {
    const text = msg.text();
    if (/Content[- ]Security[- ]Policy/i.test(text)) problems.csp.push(text);
  });
  page.on("pageerror", (err) => problems.errors.push(String(err)));
  page.on("dialog", async (dialog) => {
    problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return { context, page, problems };
}

// Collects CSP violations seen by the current document (events) and so far (console).
export async function cspViolations(page, problems) {
  const events = await page.evaluate(() => window.__cspViolations || []);
  return [...problems.csp, ...events];
}

export async function go(page, url) {
  const response = await page.goto(new URL(url, BASE).href, { waitUntil: "load" });
  if (!response) throw new Error(`no response for ${url}`);
  return response;
}

// Runs fn(page); on failure saves a full-page screenshot to test-results/ and rethrows.
export async function withScreenshot(name, page, fn) {
  try {
    return await fn();
  } catch (err) {
    mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, `${name.replace(/[^A-Za-z0-9_-]+/g, "_")}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true });
      console.error(`screenshot saved: ${file} (at ${page.url()})`);
    } catch (shotErr) {
      console.error(`could not save a screenshot: ${shotErr}`);
    }
    throw err;
  }
}

// axe-core with the WCAG 2.0/2.1 A and AA rules. Injected through the
// DevTools protocol (page.evaluate), so the page's CSP does not block it.
export async function axe(page) {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 200), summary: n.failureSummary })),
    }));
  });
}

export function formatViolations(url, violations) {
  const lines = [`${violations.length} axe violation(s) on ${url}:`];
  for (const v of violations) {
    lines.push(`- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes) {
      lines.push(`    at ${n.target}`);
      lines.push(`      ${n.html}`);
      for (const s of (n.summary || "").split("\n")) if (s.trim()) lines.push(`      ${s.trim()}`);
    }
  }
  return lines.join("\n");
}

// Fails when axe finds a violation on the page, or a CSP violation or a page
// error has occurred since the page was opened.
export async function assertAccessible(page, problems) {
  const violations = await axe(page);
  assert.equal(violations.length, 0, formatViolations(page.url(), violations));
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(problems.errors, []);
}
