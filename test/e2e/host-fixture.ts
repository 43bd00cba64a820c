import { test as base } from '@playwright/test';
import { startHost, stopHost, type RunningHost } from '../helpers/browser-host';

export { startHost, stopHost, type RunningHost };

export const test = base.extend<{ host: RunningHost }>({
  // Playwright reads the fixture's dependencies from this destructuring pattern: none.
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await stopHost(host);
  },
});
export { expect } from '@playwright/test';
