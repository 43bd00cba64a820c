import { expect, test } from './host-fixture';
import { field, PAGE_LOAD_MS } from './page-helpers';

// Hash routing after load (issue 15 §8): an address typed into the bar and Back/Forward open the right page, and
// the per-launch token that arrived in the fragment stays out of the address bar.
test('a typed #/inbox opens the inbox; Back and Forward return to the pages visited', async ({ page, host }) => {
  await page.goto(host.url);
  await field(page, 'vault-passphrase').fill('routing-pass-1');
  await field(page, 'vault-confirm').fill('routing-pass-1');
  await page.getByTestId('vault-submit').click();
  await expect(page.getByTestId('welcome')).toBeVisible();
  expect(page.url()).not.toContain('token=');

  // Typed into the address bar after load: a same-document navigation to the fragment.
  await page.goto(`${host.origin}/#/inbox`);
  await expect(page.getByTestId('inbox-page')).toBeVisible();
  await expect(page.locator('.ant-menu-item-selected[data-menu-id$="-inbox"]')).toBeVisible();

  await page.locator('.ant-menu-item[data-menu-id$="-history"]').click();
  await expect(page.getByTestId('history-page')).toBeVisible({ timeout: PAGE_LOAD_MS });
  await page.locator('.ant-menu-item[data-menu-id$="-templates"]').click();
  await expect(page.getByTestId('templates-page')).toBeVisible({ timeout: PAGE_LOAD_MS });
  expect(new URL(page.url()).hash).toBe('#/templates');

  await page.goBack();
  await expect(page.getByTestId('history-page')).toBeVisible();
  await expect(page.locator('.ant-menu-item-selected[data-menu-id$="-history"]')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('inbox-page')).toBeVisible();
  await page.goForward();
  await expect(page.getByTestId('history-page')).toBeVisible();
  // Still the same session: the token kept for this tab still authorises requests after the history moves.
  await expect(page.getByTestId('history-table')).toBeVisible();
});
