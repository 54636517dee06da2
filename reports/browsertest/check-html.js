// Checks conformance.html in a real browser (Debian's headless Chromium,
// driven by playwright-core): the page loads with no network, the verdict
// filter, the search box and the collapsing work, and a failing run's first
// screen (1400x900) shows the verdict and the failure list. Screenshots go
// to the output folder, for people to look at.
//
// usage: node check-html.js PASSING_DIR FAILING_DIR OUT_DIR
// (each run folder holds the conformance.html and conformance.json a run wrote)
"use strict";
const { chromium } = require("playwright-core");
const fs = require("fs");
const os = require("os");
const path = require("path");

const [passingDir, failingDir, outDir] = process.argv.slice(2);
if (!passingDir || !failingDir || !outDir) {
  console.error("usage: node check-html.js PASSING_DIR FAILING_DIR OUT_DIR (folders a run wrote its reports into)");
  process.exit(2);
}
const CHROMIUM = "/usr/bin/chromium";
const VIEWPORT = { width: 1400, height: 900 };
const problems = [];
function check(ok, what) {
  if (!ok) problems.push(what);
}

function readRun(dir) {
  const file = path.join(dir, "conformance.json");
  if (!fs.existsSync(file)) {
    console.error(`${file} is missing; run the suite with IMCONF_REPORT_DIR=${dir} first`);
    process.exit(2);
  }
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

// open loads a report page with every request that is not the file itself
// refused and recorded, and every script error recorded.
async function open(context, dir) {
  const page = await context.newPage();
  const file = "file://" + path.resolve(dir, "conformance.html");
  const fetched = [];
  const errors = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url === file || url.startsWith(file + "#")) return route.continue();
    fetched.push(url);
    return route.abort();
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(file, { waitUntil: "load" });
  return { page, fetched, errors, name: path.basename(dir) };
}

// inViewport tells whether the element is wholly on the first screen.
async function inViewport(locator) {
  const box = await locator.boundingBox();
  return box !== null && box.y >= 0 && box.y + box.height <= VIEWPORT.height && box.x + box.width <= VIEWPORT.width + 1;
}

async function visibleRows(page, verdict) {
  return page.locator(`details.row[data-verdict="${verdict}"]:visible`).count();
}

async function checkFailing(context, dir) {
  const run = readRun(dir);
  const failed = run.rows.filter((r) => r.verdict === "failed");
  check(failed.length >= 20, `the failing run has ${failed.length} failed rows, want at least 20 (is IMCONF_REFERENCE_FAULT set?)`);
  const { page, fetched, errors } = await open(context, dir);
  await page.screenshot({ path: path.join(outDir, "failing-first-screen.png") });

  // First screen: the verdict and the failure list.
  const verdict = page.locator("#verdict");
  check(await inViewport(verdict), "failing run: the verdict is not on the first screen");
  check((await verdict.textContent()).includes(`run failed: ${failed.length} of ${run.rows.length} rows failed`), "failing run: the verdict does not count the failed rows");
  const deviations = run.rows.filter((r) => r.verdict === "expected deviation");
  check(deviations.length > 0, "the failing run has no expected deviation (is IMCONF_EXPECTATIONS set?)");
  const items = page.locator("#failures li");
  const wantItems = failed.length + deviations.length;
  check((await items.count()) === wantItems, `failing run: the failure list has ${await items.count()} items, want ${wantItems}`);
  const lastItem = await items.last().textContent();
  check(lastItem.startsWith("⚠") && lastItem.includes(deviations[deviations.length - 1].id), `failing run: the expected deviations are not listed after the failures ("${lastItem}")`);
  const onScreen = await items.evaluateAll((els, h) => els.filter((e) => {
    const r = e.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= h && r.height > 0;
  }).length, VIEWPORT.height);
  check(onScreen >= 20, `failing run: ${onScreen} failures on the first screen, want 20`);
  check(await inViewport(page.locator("#by-area")), "failing run: the table by area is not on the first screen");
  const first = failed[0];
  const firstItem = await items.first().textContent();
  check(firstItem.includes(first.id) && /≠/.test(firstItem), `failing run: the first failure "${firstItem}" does not say what differed on ${first.id}`);

  // Collapsed by default: failed rows open, passed rows closed, areas without failures closed.
  check(await page.locator(`details.row[data-verdict="failed"]:not([open]), details.row[data-verdict="expected deviation"]:not([open])`).count() === 0,
    "failing run: a failed or deviating row is collapsed");
  check(await page.locator(`details.row[data-verdict="passed"][open]`).count() === 0, "failing run: a passed row is expanded");
  const quiet = run.rows.find((r) => !run.rows.some((o) => o.area === r.area && (o.verdict === "failed" || o.verdict === "expected deviation")));
  if (quiet) {
    const area = page.locator(`details.area[data-area="${quiet.area}"]`);
    check(!(await area.evaluate((d) => d.open)), `failing run: area ${quiet.area} has no failures but is expanded`);
    await area.locator("summary").first().click();
    check(await area.evaluate((d) => d.open), `failing run: clicking area ${quiet.area} does not expand it`);
    check(await page.locator(`[id="${quiet.id}"]`).isVisible(), `failing run: row ${quiet.id} is not shown in its expanded area`);
  }
  await page.locator("#collapse").click();
  check(await page.locator("details.area[open]").count() === 0, "failing run: collapse all leaves areas open");
  await page.locator("#expand").click();
  check(await page.locator("details.area:not([open])").count() === 0, "failing run: expand all leaves areas closed");

  // Following a failure's link shows its detail: both bodies, the field marked, the curl line.
  // (A row whose text differed, if there is one: its screenshot shows the most.)
  const shown = failed.find((r) => (r.specs || []).some((s) => (s.differences || []).some((d) => d.field === "error_description"))) || first;
  await page.locator("#collapse").click();
  await page.locator(`#failures li a[href="#${shown.id}"]`).click();
  const detail = page.locator(`[id="${shown.id}"]`);
  check(await detail.evaluate((d) => d.open), `failing run: the link to ${shown.id} does not open it`);
  // The page scrolls on hashchange, after the click returns: wait for it.
  const scrolled = await page.waitForFunction(([id, height]) => {
    const bar = document.getElementById("toolbar").getBoundingClientRect();
    const title = document.getElementById(id).querySelector("summary").getBoundingClientRect();
    return title.top >= bar.bottom - 1 && title.bottom <= height;
  }, [shown.id, VIEWPORT.height], { timeout: 3000 }).then(() => true, () => false);
  check(scrolled, `failing run: the link to ${shown.id} does not scroll it into view below the toolbar`);
  check(await detail.locator(".sbs pre").count() >= 2, `failing run: ${shown.id} shows no bodies side by side`);
  check(await detail.locator(".sbs .diff").count() >= 2, `failing run: ${shown.id} marks no differing field on both sides`);
  check((await detail.locator("pre.curl").first().textContent()).startsWith("curl "), `failing run: ${shown.id} shows no curl line`);
  check(!(await detail.locator("pre.curl").first().textContent()).match(/Bearer (?!\*\*\*)/), `failing run: ${shown.id} shows a token`);
  check(await detail.locator(".fix").count() === 1, `failing run: ${shown.id} gives no "how to fix" hint`);
  await page.screenshot({ path: path.join(outDir, "failing-detail.png") });

  // The verdict filter: hiding passed rows hides every one of them, and back.
  const passedButton = page.locator(`button.filter[data-verdict="passed"]`);
  await page.locator("#expand").click();
  const passedBefore = await visibleRows(page, "passed");
  check(passedBefore > 0, "failing run: no passed row is visible with every area expanded");
  await passedButton.click();
  check(await visibleRows(page, "passed") === 0, "failing run: the filter leaves passed rows visible");
  check(await visibleRows(page, "failed") === failed.length, "failing run: the filter hides failed rows too");
  await passedButton.click();
  check(await visibleRows(page, "passed") === passedBefore, "failing run: passed rows do not come back");

  // The search box: one row ID finds that row only, and opens its area.
  await page.locator("#collapse").click();
  const target = run.rows.find((r) => r.verdict === "passed") || first;
  await page.locator("#search").fill(target.id);
  const found = page.locator("details.row:visible");
  const ids = await found.evaluateAll((els) => els.map((e) => e.id));
  check(ids.includes(target.id) && ids.every((id) => id.includes(target.id)), `failing run: searching ${target.id} shows ${JSON.stringify(ids)}`);
  check((await page.locator("#shown").textContent()).startsWith(`${ids.length} of ${run.rows.length} rows shown`), "failing run: the count of shown rows is wrong");
  await page.locator("#search").fill("");
  check(await page.locator("details.row:visible").count() > 0, "failing run: clearing the search shows nothing");

  check(fetched.length === 0, `failing run: the page asked the network for ${fetched.join(", ")}`);
  check(errors.length === 0, `failing run: script errors: ${errors.join("; ")}`);
  await page.close();
}

async function checkPassing(context, dir) {
  const run = readRun(dir);
  check(run.succeeded, "the passing run did not pass");
  const { page, fetched, errors } = await open(context, dir);
  await page.screenshot({ path: path.join(outDir, "passing-first-screen.png") });
  check(await inViewport(page.locator("#verdict")), "passing run: the verdict is not on the first screen");
  check((await page.locator("#verdict").textContent()).includes("run passed"), "passing run: the verdict does not say passed");
  check(await inViewport(page.locator("#by-area")), "passing run: the table by area is not on the first screen");
  check(await page.locator("#failures li").count() === 0, "passing run: the failure list is not empty");
  check(await page.locator("details.area:not([open])").count() === 0, "passing run: an area is collapsed");
  check(await page.locator("details.row[open]").count() === 0, "passing run: a row is expanded");
  const passed = run.rows.find((r) => r.verdict === "passed");
  await page.locator(`[id="${passed.id}"] > summary`).click();
  check(await page.locator(`[id="${passed.id}"]`).evaluate((d) => d.open), `passing run: clicking ${passed.id} does not expand it`);
  check(fetched.length === 0, `passing run: the page asked the network for ${fetched.join(", ")}`);
  check(errors.length === 0, `passing run: script errors: ${errors.join("; ")}`);
  await page.close();
}

(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing; install Debian's chromium (apt-get install -y chromium), as make browser-test does`);
    process.exit(2);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "imconform-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: VIEWPORT,
    offline: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  context.setDefaultTimeout(10000);
  try {
    await checkFailing(context, failingDir);
    await checkPassing(context, passingDir);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    console.error("conformance.html in Chromium:\n  " + problems.join("\n  "));
    process.exit(1);
  }
  console.log(`conformance.html in Chromium: loads offline, filter, search and collapse work, the failing run's first screen shows the verdict and its failures; screenshots in ${outDir}`);
})().catch((e) => {
  console.error("conformance.html in Chromium: " + e.message);
  process.exit(1);
});
