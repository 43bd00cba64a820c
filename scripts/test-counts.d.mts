export interface TestCounts {
  passed: number;
  skipped: number;
  /** One line per counted failure, naming the test, the file that did not load or the error. */
  failures: string[];
}
export function countVitest(report: unknown, root: string): TestCounts;
export function countPlaywright(report: unknown): TestCounts;
