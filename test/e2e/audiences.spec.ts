import { openDatabase } from '../../electron/core/db/database';
import { OrderStore } from '../../electron/core/orders/store';
import { profilePaths } from '../../electron/core/profile';
import { expect, test } from './host-fixture';
import { field } from './page-helpers';

// 人群 and 费用与效果 in Chromium: a preset fills the rule and the live count answers from the orders, a saved audience
// is listed with its count; the balance the seller sets is shown.
test('人群: a preset, the live count, saving; 费用: set a balance', async ({ page, host }) => {
  await page.goto(host.url);
  await field(page, 'vault-passphrase').fill('audiences-pass-1');
  await field(page, 'vault-confirm').fill('audiences-pass-1');
  await page.getByTestId('vault-submit').click();
  await expect(page.getByTestId('welcome')).toBeVisible();

  // Orders as the poller would have stored them: 5 buyers, the first with the biggest purchase.
  const db = openDatabase(profilePaths(host.profileDir).database);
  const store = new OrderStore(db, 1);
  const now = Date.now();
  for (let i = 0; i < 5; i++) {
    store.applyTrade(
      {
        tid: `470000000000000000${i}`,
        status: 'TRADE_FINISHED',
        type: 'fixed',
        buyerOpenUid: `AAe2e${i}`,
        buyerNick: '买**',
        payment: i === 0 ? '900.00' : '10.00',
        postFee: '0.00',
        created: now - (i + 1) * 86_400_000,
        payTime: null,
        consignTime: null,
        endTime: null,
        modified: now,
      },
      now,
    );
  }
  db.close();

  await page.goto(`${host.origin}/#/audiences`);
  await expect(page.getByTestId('audiences-page')).toBeVisible();
  await expect(page.getByTestId('segment-count')).toHaveText('5 位买家，5 笔订单');
  await page.getByTestId('preset-high-value').click();
  await expect(page.getByTestId('segment-count')).toHaveText('1 位买家，1 笔订单');
  await page.getByTestId('segment-save').click();
  await expect(page.getByTestId('segments-table')).toContainText('高价值客户');

  await page.goto(`${host.origin}/#/costs`);
  await expect(page.getByTestId('costs-page')).toBeVisible();
  await expect(page.getByTestId('balance')).toHaveText('未设置');
  await page.locator('input[data-testid="balance-amount"], [data-testid="balance-amount"] input').first().fill('100');
  await page.getByTestId('balance-set').click();
  await expect(page.getByTestId('balance')).toContainText('100.00 元');
  await page.getByTestId('balance-topup').click();
  await expect(page.getByTestId('balance')).toContainText('200.00 元');
});
