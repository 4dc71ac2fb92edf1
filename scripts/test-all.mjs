#!/usr/bin/env node
// Everything CI runs, in order: typecheck, lint, unit and property tests, production
// builds (sub-path and single-file), Playwright end-to-end tests. Prints one summary line
// at the end, `tests: N passed, N failed`, counting every test case plus each check step.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'queuescope-test-'));
const env = { ...process.env, CI: process.env.CI ?? '1' };
let passed = 0;
let failed = 0;
const failures = [];

function run(name, command, args, extraEnv = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  return result.status === 0;
}

function step(name, command, args) {
  if (run(name, command, args)) passed += 1;
  else {
    failed += 1;
    failures.push(name);
  }
}

function counted(name, command, args, reportFile, extraEnv, read) {
  const ok = run(name, command, args, extraEnv);
  let counts = null;
  if (existsSync(reportFile)) {
    try {
      counts = read(JSON.parse(readFileSync(reportFile, 'utf8')));
    } catch {
      counts = null;
    }
  }
  if (!counts) counts = { passed: 0, failed: 1 };
  if (!ok && counts.failed === 0) counts.failed = 1;
  passed += counts.passed;
  failed += counts.failed;
  if (counts.failed > 0) failures.push(`${name} (${counts.failed} failed)`);
}

step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
step('lint', 'npx', ['biome', 'check', '.']);
const vitestReport = join(dir, 'vitest.json');
counted(
  'unit and property tests',
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`],
  vitestReport,
  {},
  (r) => ({
    passed: r.numPassedTests,
    failed: r.numFailedTests + (r.numTotalTests === 0 ? 1 : 0),
  }),
);
step('build', 'npx', ['vite', 'build']);
step('build:single', 'npx', ['vite', 'build', '--mode', 'single']);
const pwReport = join(dir, 'playwright.json');
counted('end-to-end tests', 'npx', ['playwright', 'test'], pwReport, { PW_JSON: pwReport }, (r) => ({
  passed: r.stats.expected + r.stats.flaky,
  failed: r.stats.unexpected + (r.stats.expected + r.stats.unexpected === 0 ? 1 : 0),
}));

const summary = `tests: ${passed} passed, ${failed} failed`;
writeFileSync(join(dir, 'summary.txt'), `${summary}\n`);
if (process.env.QS_SUMMARY_FILE) writeFileSync(process.env.QS_SUMMARY_FILE, `${summary}\n`);
if (failures.length > 0) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(summary);
process.exit(failed === 0 ? 0 : 1);
