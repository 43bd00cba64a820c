#!/usr/bin/env node
// `npm test`: typecheck, build, unit + integration (vitest), e2e (Playwright on the browser host in
// Debian's Chromium). Ends with one line `N passed, N failed` summed over all suites.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDependencies } from './ensure-deps.mjs';

const root = join(import.meta.dirname, '..');
ensureDependencies(root);
const bin = (name) => join(root, 'node_modules', '.bin', name);
const reports = mkdtempSync(join(tmpdir(), 'jst-test-reports-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  return { ok: result.status === 0, seconds };
}

function step(label, cmd, args) {
  const { ok, seconds } = run(label, cmd, args);
  totals[ok ? 'passed' : 'failed'] += 1;
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

const typecheckOk = step('typecheck (tsc -b)', bin('tsc'), ['-b']);
const buildOk = step('build (electron-vite: main, preload, renderer)', bin('electron-vite'), ['build']);

const vitestReport = join(reports, 'vitest.json');
const vitest = run('unit + integration (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]);
const v = readJson(vitestReport);
if (v) {
  totals.passed += v.numPassedTests;
  totals.failed += v.numFailedTests + (v.numFailedTestSuites ?? 0) - countSuitesWithFailedTests(v);
  totals.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
  lines.push(`vitest: ${v.numPassedTests} passed, ${v.numFailedTests} failed (${vitest.seconds}s)`);
} else {
  totals.failed += 1;
  lines.push(`vitest: no report (exit ${vitest.ok ? 0 : 'non-zero'})`);
}
if (!vitest.ok && v && v.numFailedTests === 0) {
  totals.failed += 1; // e.g. a file that failed to load, or an unhandled error
  lines.push('vitest: exited non-zero without a failed test (load error or unhandled error)');
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
installChromiumIfPossible(chromium);
if (!buildOk) {
  totals.failed += 1;
  lines.push('e2e: not run (build failed)');
} else if (!existsSync(chromium)) {
  totals.failed += 1;
  lines.push(`e2e: not run — Chromium missing at ${chromium} (apt-get install -y chromium)`);
} else {
  const pwReport = join(reports, 'playwright.json');
  const pw = run('e2e (Playwright, browser host, Chromium)', bin('playwright'), ['test'], { PW_JSON_REPORT: pwReport });
  const p = readJson(pwReport);
  if (p?.stats) {
    totals.passed += p.stats.expected;
    totals.failed += p.stats.unexpected + p.stats.flaky;
    totals.skipped += p.stats.skipped;
    lines.push(`e2e: ${p.stats.expected} passed, ${p.stats.unexpected + p.stats.flaky} failed (${pw.seconds}s)`);
  } else {
    totals.failed += 1;
    lines.push('e2e: no report');
  }
  if (!pw.ok && p?.stats && p.stats.unexpected + p.stats.flaky === 0) {
    totals.failed += 1;
    lines.push('e2e: exited non-zero without a failed test');
  }
}

rmSync(reports, { recursive: true, force: true });
console.log('\n=== summary ===');
for (const line of lines) console.log(line);
void typecheckOk;
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed === 0 ? 0 : 1);

/** On Debian as root (our machines and CI) the e2e browser is one apt-get away; elsewhere the summary says what to do. */
function installChromiumIfPossible(path) {
  if (existsSync(path) || process.env.CHROMIUM_PATH || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return;
  console.log('Installing Chromium (Debian package) for the e2e suite …');
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Suites that failed only because a test in them failed are already counted by numFailedTests. */
function countSuitesWithFailedTests(report) {
  return (report.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).some((a) => a.status === 'failed')).length;
}
