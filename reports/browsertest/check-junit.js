// Checks junit.xml in a real consumer, xunit-viewer (its own parser, in its
// console view): it parses, passed specs show as passed (not "?"), failed
// specs show as failures with a message that says what differed, skips and
// expected deviations as skipped, one suite per area with the target and
// suite version among its properties.
//
// usage: node check-junit.js PASSING_DIR FAILING_DIR
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const dirs = process.argv.slice(2);
if (dirs.length !== 2) {
  console.error("usage: node check-junit.js PASSING_DIR FAILING_DIR (folders a run wrote its reports into)");
  process.exit(2);
}
const viewer = path.join(__dirname, "node_modules", "xunit-viewer", "bin", "xunit-viewer.js");
const problems = [];
function check(ok, what) {
  if (!ok) problems.push(what);
}

// specs counts a run's specs as JUnit should show them, from Ginkgo's own
// report.json, with the expected deviations (passed in Ginkgo, skipped in
// JUnit) taken from conformance.json.
function specs(dir, run) {
  const deviations = new Set();
  for (const row of run.rows) {
    for (const s of row.specs || []) if (s.verdict === "expected deviation") deviations.add(s.name);
  }
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const suite of JSON.parse(fs.readFileSync(path.join(dir, "report.json"), "utf8"))) {
    for (const sr of suite.SpecReports || []) {
      if (sr.LeafNodeType !== "It") continue;
      const text = [...(sr.ContainerHierarchyTexts || []), sr.LeafNodeText].join(" ");
      if (sr.State === "passed") counts[deviations.has(text) ? "skipped" : "passed"]++;
      else if (sr.State === "skipped" || sr.State === "pending") counts.skipped++;
      else counts.failed++;
    }
  }
  return counts;
}

// view runs xunit-viewer's console view on a junit.xml and reads it back:
// tests with their status icon and messages, suites with their properties,
// and its closing count line.
function view(file) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "imconform-xunit-"));
  let text;
  try {
    // Into a file, not a pipe: xunit-viewer exits while Node may still be
    // writing a long console view to a pipe, which then comes back cut short.
    const console_ = path.join(out, "console.txt");
    const fd = fs.openSync(console_, "w");
    try {
      execFileSync(process.execPath, [viewer, "-r", file, "-c", "-n", "-C", "-o", path.join(out, "index.html")], { stdio: ["ignore", fd, "inherit"] });
    } finally {
      fs.closeSync(fd);
    }
    text = fs.readFileSync(console_, "utf8");
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  const tests = [];
  const suites = {};
  let suite = null;
  for (const line of text.split("\n")) {
    let m;
    if ((m = line.match(/^ (imconform \S+)$/))) {
      suite = suites[m[1]] = { properties: {} };
    } else if (suite && (m = line.match(/^ {5}([a-z_.]+)=(.*)$/))) {
      suite.properties[m[1]] = m[2];
    } else if ((m = line.match(/^ {5}([✓✗!⊘?]) (.*?)(?: time=[0-9.]+)?$/))) {
      tests.push({ icon: m[1], name: m[2], messages: [] });
    } else if (tests.length > 0 && (m = line.match(/^ {7}- (.*)$/))) {
      tests[tests.length - 1].messages.push(m[1]);
    }
  }
  const summary = (text.match(/^(\d+ \w+(?:, \d+ \w+)*)$/m) || [""])[0];
  return { tests, suites, summary };
}

function checkRun(dir, wantFailures) {
  const name = path.basename(dir);
  const run = JSON.parse(fs.readFileSync(path.join(dir, "conformance.json"), "utf8"));
  const file = path.join(dir, "junit.xml");
  const { tests, suites, summary } = view(file);
  const { passed, failed, skipped } = specs(dir, run);
  check(tests.length === failed + passed + skipped, `${name}: xunit-viewer shows ${tests.length} tests, the run had ${failed + passed + skipped} specs`);
  check(wantFailures ? failed >= 20 : failed === 0, `${name}: the run has ${failed} failed specs`);
  if (wantFailures) {
    const deviating = tests.filter((t) => t.messages.some((m) => m.startsWith("expected deviation (")));
    check(deviating.length > 0 && deviating.every((t) => t.icon === "⊘"), `${name}: no expected deviation is shown as skipped with its reason`);
  }
  check(tests.filter((t) => t.icon === "✓").length === passed, `${name}: ${tests.filter((t) => t.icon === "✓").length} tests shown as passed, the run passed ${passed}`);
  check(tests.filter((t) => t.icon === "✗").length === failed, `${name}: ${tests.filter((t) => t.icon === "✗").length} tests shown as failed, the run failed ${failed}`);
  check(tests.filter((t) => t.icon === "⊘").length === skipped, `${name}: ${tests.filter((t) => t.icon === "⊘").length} tests shown as skipped, the run skipped ${skipped}`);
  check(!tests.some((t) => t.icon === "?" || t.icon === "!"), `${name}: xunit-viewer shows tests of unknown status: ${tests.filter((t) => t.icon === "?").map((t) => t.name).slice(0, 3).join("; ")}`);
  const wantSummary = [failed && `${failed} failure`, passed && `${passed} passed`, skipped && `${skipped} skipped`].filter(Boolean).join(", ");
  check(summary === wantSummary, `${name}: xunit-viewer counts "${summary}", want "${wantSummary}"`);
  const rowIDs = new Set(run.rows.map((r) => r.id));
  for (const t of tests) {
    const m = t.name.match(/\[([^\]]+)\]$/);
    check(m && m[1].split(", ").every((id) => rowIDs.has(id)), `${name}: test "${t.name}" does not end with its row ID`);
    if (t.icon === "✗") {
      check(t.messages.length > 0 && t.messages.some((msg) => msg.includes("≠")), `${name}: failure "${t.name}" shows no message saying what differed`);
    }
    if (t.icon === "⊘") {
      check(t.messages.some((msg) => /^(skipped|expected deviation|not run)/.test(msg)), `${name}: skipped "${t.name}" shows no reason`);
    }
  }
  const areas = new Set(run.rows.filter((r) => (r.specs || []).length > 0).map((r) => "imconform " + r.area));
  check([...areas].every((a) => a in suites), `${name}: suites ${Object.keys(suites).join(", ")} lack some of the areas ${[...areas].join(", ")}`);
  for (const [suiteName, s] of Object.entries(suites)) {
    const p = s.properties;
    check(p["target.base_url"] === run.target.base_url && p["suite_version"] === run.suite_version && p["catalogue_digest"] === run.catalogue_digest &&
      p["target.appkey"] === `${run.target.org}#${run.target.app}` && "target.server" in p && "target.edition" in p,
      `${name}: suite ${suiteName} lacks the target, edition, suite version or catalogue digest: ${JSON.stringify(p)}`);
  }
  return { name, size: fs.statSync(file).size, tests: tests.length };
}

const results = [checkRun(dirs[0], false), checkRun(dirs[1], true)];
if (problems.length > 0) {
  console.error("junit.xml in xunit-viewer:\n  " + problems.join("\n  "));
  process.exit(1);
}
console.log("junit.xml in xunit-viewer: " + results.map((r) => `${r.name}: ${r.tests} tests, ${r.size} bytes`).join("; ") +
  "; passed shown as passed, failures with what differed, skips with their reason");
