#!/usr/bin/env node
// Renders a batch of Mermaid diagrams with Mermaid itself, in one headless Chromium.
//
//   node tests/mermaid/render.mjs diagrams.json > results.json
//
// Input: a JSON list of {"id": "...", "code": "...", "full": true|false}. Output: a JSON
// object {"<mermaid version>": [{"id", "mode", "ok", "error", "text", "ms"}, ...], ...}, one
// list per pinned Mermaid version (package.json): `error` is Mermaid's own message, `text` the
// text a reader sees in the drawn SVG. Mermaid 11.3 (reported as GitHub's renderer) draws every
// diagram; Mermaid 12 parses every diagram and draws those marked `full` (drawing is several
// times slower there). One browser for the whole batch, one browser context (and so one
// renderer process) per Mermaid version, running side by side.
// The browser is Debian's chromium (CHROMIUM overrides the path); puppeteer-core downloads none.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const PACKAGES = [
  { name: "mermaid-11", drawAll: true },
  { name: "mermaid", drawAll: false },
];
const CHUNK = 50;
const BROWSER_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

function bundle(name) {
  const manifest = require.resolve(`${name}/package.json`);
  const { version } = JSON.parse(readFileSync(manifest, "utf8"));
  return { version, path: join(dirname(manifest), "dist", "mermaid.min.js") };
}

// Runs inside the page: draw (or only parse) each diagram, keep Mermaid's error or the
// visible text.
async function renderAll(diagrams, offset, drawAll) {
  const results = [];
  for (const [index, diagram] of diagrams.entries()) {
    const id = `diagram${offset + index}`;
    const started = performance.now();
    if (!drawAll && !diagram.full) {
      try {
        await window.mermaid.parse(diagram.code);
        results.push({ id: diagram.id, mode: "parse", ok: true, error: "", text: "" });
      } catch (error) {
        const message = String(error?.message ?? error);
        results.push({ id: diagram.id, mode: "parse", ok: false, error: message, text: "" });
      }
      continue;
    }
    try {
      const { svg } = await window.mermaid.render(id, diagram.code);
      const holder = document.createElement("div");
      holder.innerHTML = svg;
      for (const style of holder.querySelectorAll("style")) style.remove();
      const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
      const parts = [];
      while (walker.nextNode()) {
        const text = walker.currentNode.nodeValue.trim();
        if (text) parts.push(text);
      }
      const drewError =
        holder.querySelector(".error-icon, .error-text") !== null ||
        parts.some((text) => text.includes("Syntax error in text"));
      results.push({
        id: diagram.id,
        mode: "render",
        ok: !drewError,
        error: drewError ? "Mermaid drew its error diagram" : "",
        text: parts.join(" "),
        ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      const message = String(error?.message ?? error);
      results.push({ id: diagram.id, mode: "render", ok: false, error: message, text: "" });
    }
    for (const left of document.querySelectorAll(`#${id}, #d${id}`)) left.remove();
  }
  return results;
}

async function renderWith(browser, { name, drawAll }, diagrams) {
  const { version, path } = bundle(name);
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setContent("<!doctype html><html><body></body></html>");
  await page.addScriptTag({ path });
  await page.evaluate(() =>
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict" }),
  );
  const results = [];
  for (let start = 0; start < diagrams.length; start += CHUNK) {
    const chunk = diagrams.slice(start, start + CHUNK);
    results.push(...(await page.evaluate(renderAll, chunk, start, drawAll)));
  }
  await context.close();
  return [version, results];
}

const diagrams = JSON.parse(readFileSync(process.argv[2], "utf8"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: BROWSER_ARGS,
  protocolTimeout: 600_000,
});
try {
  const rendered = await Promise.all(PACKAGES.map((pkg) => renderWith(browser, pkg, diagrams)));
  process.stdout.write(JSON.stringify(Object.fromEntries(rendered)));
} finally {
  await browser.close();
}
