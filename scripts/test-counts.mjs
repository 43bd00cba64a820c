// Test counts from the runners' JSON reports, for the `npm test` summary: tests are counted, not files or steps.
import { relative } from 'node:path';

/**
 * Vitest's JSON report. Its suite totals also count describe blocks (one failing test inside a describe made two
 * failed suites), so everything is counted from the per-file results; a file that failed without a failed test did
 * not load and counts once, by name.
 */
export function countVitest(report, root) {
  const out = { passed: 0, skipped: 0, failures: [] };
  for (const file of report.testResults ?? []) {
    const name = relative(root, file.name);
    const tests = file.assertionResults ?? [];
    for (const test of tests) {
      if (test.status === 'passed') out.passed += 1;
      else if (test.status === 'failed') out.failures.push(`vitest: ${name} > ${test.fullName || test.title}`);
      else out.skipped += 1;
    }
    if (file.status === 'failed' && !tests.some((test) => test.status === 'failed')) {
      out.failures.push(`vitest: ${name} did not run (${firstLine(file.message) || 'load error'})`);
    }
  }
  return out;
}

/** Playwright's JSON report. A flaky test (passed only on retry) is a failure; an error outside any test counts once. */
export function countPlaywright(report) {
  const out = { passed: 0, skipped: 0, failures: [] };
  const walk = (suites, path) => {
    for (const suite of suites) {
      const here = suite.title ? [...path, suite.title] : path;
      for (const spec of suite.specs ?? []) {
        for (const test of spec.tests ?? []) {
          if (test.status === 'expected') out.passed += 1;
          else if (test.status === 'skipped') out.skipped += 1;
          else out.failures.push(`e2e: ${[...here, spec.title].join(' > ')}${test.status === 'flaky' ? ' (flaky)' : ''}`);
        }
      }
      walk(suite.suites ?? [], here);
    }
  };
  walk(report.suites ?? [], []);
  for (const error of report.errors ?? []) out.failures.push(`e2e: ${firstLine(error.message) || 'error outside a test'}`);
  return out;
}

function firstLine(text) {
  return String(text ?? '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .trim()
    .split('\n')[0];
}
