import { test as base } from '@playwright/test';
import { startHost, stopHost, type RunningHost } from '../helpers/browser-host';

export { startHost, stopHost, type RunningHost };

export const test = base.extend<{ host: RunningHost }>({
  host: async ({}, use) => {
    const host = await startHost();
    await use(host);
    await stopHost(host);
  },
});
export { expect } from '@playwright/test';
