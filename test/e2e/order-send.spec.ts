import { expect, test } from './host-fixture';
import { enterDemo, field } from './page-helpers';

// Issue 17 §5 as a seller would do it in demo mode: 发送 → recipient source 订单 → the unpaid orders of the demo shop
// → 催付-style notice by OAID → delivered in 发送记录.
const PASSPHRASE = 'orders-pass-1';

test('demo shop: send to the buyers of unpaid orders, delivered in 发送记录', async ({ page, host }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await enterDemo(page, host.url, PASSPHRASE);

  await page.locator('.ant-menu-item[data-menu-id$="-send"]').click();
  await page.getByTestId('new-campaign').click();
  await page.getByTestId('source-orders').click();
  await page.getByTestId('order-status').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '等待买家付款' }).first().click();
  await page.keyboard.press('Escape');
  // The demo shop's orders arrive through its start-up sync and live events: wait until some are unpaid.
  await expect(page.getByTestId('order-matching')).toHaveText(/符合条件的订单：[1-9]\d*/, { timeout: 60_000 });
  await page.getByTestId('order-import').click();
  await expect(page.getByTestId('summary-orders')).not.toHaveAttribute('data-value', '0', { timeout: 20_000 });
  const buyers = Number(await page.getByTestId('summary-buyers').getAttribute('data-value'));
  expect(buyers).toBeGreaterThan(0);
  await expect(page.getByTestId('recipient-phone').first()).toHaveText(/^订单 \d{10,24} · /);
  const tid = /\d{10,24}/.exec((await page.getByTestId('recipient-phone').first().textContent()) ?? '')![0];
  await page.getByTestId('recipients-next').click();

  await page.getByTestId('content-template').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '发货通知' }).first().click();
  await field(page, 'signature-input').fill('演示旗舰店');
  await field(page, 'constant-waybill').fill('SF1234567890');
  await page.getByTestId('content-next').click();
  await expect(page.getByTestId('check-ready')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('check-orders')).toContainText(`买家 ${buyers} 位`);
  await expect(page.getByTestId('check-preview').first()).toContainText('**');
  await page.getByTestId('check-next').click();
  await page.getByTestId('start-send').click();
  await page.getByTestId('confirm-send').click();
  await expect(page.getByTestId('send-done')).toBeVisible({ timeout: 30_000 });

  await page.locator('.ant-menu-item[data-menu-id$="-history"]').click();
  await expect(page.getByTestId('history-table')).toContainText('100.0%', { timeout: 45_000 });

  // The 订单 page's entry: a new campaign with the chosen orders as its recipients.
  await page.evaluate((orders) => (window.location.hash = `#/send/new?orders=${orders}`), tid);
  await expect(page.getByTestId('wizard-step-content')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('wizard-steps').getByText('收件人').click();
  await expect(page.getByTestId('summary-orders')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('recipient-phone').first()).toContainText(tid);
});
