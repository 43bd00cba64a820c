import { describe, expect, it } from 'vitest';
import { countPlaywright, countVitest } from '../../scripts/test-counts.mjs';

// Report shapes as Vitest 4 and Playwright 1.65 write them (trimmed), for the `npm test` summary line.
describe('npm test counts tests, not steps', () => {
  it('vitest: one failing test inside describes counts once; a file that did not load counts once, by name', () => {
    const report = {
      // What the suite totals say for this run: describe blocks count as suites, so they over-count failures.
      numPassedTests: 2,
      numFailedTests: 1,
      numFailedTestSuites: 4,
      testResults: [
        {
          name: '/repo/test/a.test.ts',
          status: 'failed',
          message: '',
          assertionResults: [
            { status: 'failed', fullName: 'outer inner fails', title: 'fails' },
            { status: 'passed', fullName: 'outer inner passes', title: 'passes' },
            { status: 'skipped', fullName: 'outer skipped', title: 'skipped' },
          ],
        },
        { name: '/repo/test/b.test.ts', status: 'failed', message: '\u001b[31mError: boom at load\u001b[39m\n    at b.test.ts:1:7', assertionResults: [] },
        { name: '/repo/test/c.test.ts', status: 'passed', message: '', assertionResults: [{ status: 'passed', fullName: 'ok', title: 'ok' }] },
      ],
    };
    expect(countVitest(report, '/repo')).toEqual({
      passed: 2,
      skipped: 1,
      failures: ['vitest: test/a.test.ts > outer inner fails', 'vitest: test/b.test.ts did not run (Error: boom at load)'],
    });
  });

  it('playwright: counts tests by status, a flaky one as failed, an error outside a test once', () => {
    const report = {
      stats: { expected: 1, skipped: 1, unexpected: 1, flaky: 1 },
      suites: [
        {
          title: 'x.spec.ts',
          specs: [{ title: 'skipped', tests: [{ status: 'skipped' }] }],
          suites: [
            {
              title: 'group',
              specs: [
                { title: 'fails', tests: [{ status: 'unexpected' }] },
                { title: 'passes', tests: [{ status: 'expected' }] },
                { title: 'retried', tests: [{ status: 'flaky' }] },
              ],
            },
          ],
        },
      ],
      errors: [{ message: 'Error: globalSetup threw\n  at setup.ts:3' }],
    };
    expect(countPlaywright(report)).toEqual({
      passed: 1,
      skipped: 1,
      failures: ['e2e: x.spec.ts > group > fails', 'e2e: x.spec.ts > group > retried (flaky)', 'e2e: Error: globalSetup threw'],
    });
  });
});
