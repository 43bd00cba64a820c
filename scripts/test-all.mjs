#!/usr/bin/env node
// `npm test`: lint, typecheck, build, unit + integration (vitest), e2e (Playwright on the browser host in Debian's
// Chromium). The last line is `N passed, N failed` counting tests; a failed step that ran no test (lint, typecheck,
// build, a test file that did not load, a runner that crashed) counts as one failure and is named above that line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDependencies } from './ensure-deps.mjs';
import { countPlaywright, countVitest } from './test-counts.mjs';

const root = join(import.meta.dirname, '..');
ensureDependencies(root);
const bin = (name) => join(root, 'node_modules', '.bin', name);
const reports = mkdtempSync(join(tmpdir(), 'jst-test-reports-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
/** What failed, one entry per counted failure. */
const failures = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { ok: result.status === 0, seconds };
}

function fail(what) {
  totals.failed += 1;
  failures.push(what);
}

/** A step without tests: success adds nothing, failure counts once. */
function step(label, cmd, args) {
  const { ok, seconds } = run(label, cmd, args);
  if (!ok) fail(`${label} failed`);
  lines.push(`${label}: ${ok ? 'ok' : 'FAILED'} (${seconds}s)`);
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

step('lint', 'npm', ['run', '--silent', 'lint']);
step('typecheck', bin('tsc'), ['-b']);
const buildOk = step('build', bin('electron-vite'), ['build']);

const vitestReport = join(reports, 'vitest.json');
const vitest = run('unit + integration (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
const v = readJson(vitestReport);
if (v) {
  const counted = countVitest(v, root);
  totals.passed += counted.passed;
  totals.skipped += counted.skipped;
  for (const what of counted.failures) fail(what);
  if (!vitest.ok && counted.failures.length === 0) fail('vitest exited non-zero without a failed test (an unhandled error; see its output)');
  lines.push(`vitest: ${counted.passed} passed, ${counted.failures.length} failed (${vitest.seconds}s)`);
} else {
  fail('vitest wrote no report');
  lines.push(`vitest: no report (${vitest.seconds}s)`);
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
installChromiumIfPossible(chromium);
if (!buildOk) {
  fail('e2e not run (the build failed)');
  lines.push('e2e: not run');
} else if (!existsSync(chromium)) {
  fail(`e2e not run: Chromium missing at ${chromium} (apt-get install -y chromium)`);
  lines.push('e2e: not run');
} else {
  const pwReport = join(reports, 'playwright.json');
  const pw = run('e2e (Playwright, browser host, Chromium)', bin('playwright'), ['test'], { PW_JSON_REPORT: pwReport });
  const p = readJson(pwReport);
  if (p?.stats) {
    const counted = countPlaywright(p);
    totals.passed += counted.passed;
    totals.skipped += counted.skipped;
    for (const what of counted.failures) fail(what);
    if (!pw.ok && counted.failures.length === 0) fail('e2e: Playwright exited non-zero without a failed test');
    lines.push(`e2e: ${counted.passed} passed, ${counted.failures.length} failed (${pw.seconds}s)`);
  } else {
    fail('e2e: Playwright wrote no report');
    lines.push(`e2e: no report (${pw.seconds}s)`);
  }
}

rmSync(reports, { recursive: true, force: true });
console.log('\n=== summary ===');
for (const line of lines) console.log(line);
for (const what of failures) console.log(`  ✗ ${what}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed === 0 ? 0 : 1);

/** On Debian as root (our machines and CI) the e2e browser is one apt-get away; elsewhere the summary says what to do. */
function installChromiumIfPossible(path) {
  if (existsSync(path) || process.env.CHROMIUM_PATH || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return;
  console.log('Installing Chromium (Debian package) for the e2e suite …');
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
