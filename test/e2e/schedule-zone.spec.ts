import { startTopGateway } from '../../electron/sim/top-gateway';
import { expect, startHost, stopHost, test } from './host-fixture';
import { field, pickOption, rpc } from './page-helpers';

// The schedule picker on a PC in Los Angeles late in the evening, when Beijing is already on the next day: "today",
// the disabled past days and 此刻 follow Beijing time, not the PC's date.

const PASSPHRASE = 'seller-passphrase-1';
const SIGN = '张三男装淘宝店';
// Los Angeles 2026-11-30 21:30 (UTC-8) = Beijing 2026-12-01 13:30.
const NOW = new Date('2026-12-01T05:30:00.000Z');

test.use({ timezoneId: 'America/Los_Angeles' });

test('schedule picker: today, past days and 此刻 in Beijing time on a PC whose date is a day behind', async ({ page }) => {
  const gw = await startTopGateway({});
  const host = await startHost();
  try {
    await page.clock.setFixedTime(NOW);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(host.url);
    expect(await page.evaluate(() => new Date().toString())).toContain('Nov 30 2026 21:30'); // the PC's own date
    await page.getByTestId('vault-passphrase').fill(PASSPHRASE);
    await page.getByTestId('vault-confirm').fill(PASSPHRASE);
    await page.getByTestId('vault-submit').click();
    await expect(page.getByRole('menuitem', { name: '设置' })).toBeVisible();
    expect((await rpc(page, host.token, 'settings.saveTop', { ...gw.credentials, gatewayUrl: gw.url, signMethod: 'hmac-sha256' })).ok).toBe(true);
    const code = gw.control.seedTemplate({ name: '发货通知', content: '您的订单已发货，请注意查收。', type: 1, status: 'approved' });
    gw.control.seedSignature({ name: SIGN, status: 'approved' });
    expect((await rpc(page, host.token, 'templates.import', { code })).ok).toBe(true);
    expect((await rpc(page, host.token, 'signatures.import', { name: SIGN })).ok).toBe(true);

    await page.locator('.ant-menu-item[data-menu-id$="-send"]').click();
    await page.getByTestId('new-campaign').click();
    await page.getByTestId('paste-box').fill('13800138000');
    await page.getByTestId('paste-recognise').click();
    await pickOption(page, 'mapping-template', '发货通知');
    await page.getByTestId('import-recipients').click();
    await expect(page.getByTestId('summary-final')).toHaveAttribute('data-value', '1');
    await page.getByTestId('recipients-next').click();
    await field(page, 'signature-input').fill(SIGN);
    await page.getByTestId('content-next').click();
    await page.getByTestId('schedule-mode').getByText('定时发送').click();

    await page.getByTestId('schedule-at').click();
    const panel = page.locator('.ant-picker-dropdown:visible');
    await expect(panel.locator('.ant-picker-cell-today')).toHaveAttribute('title', '2026-12-01');
    await expect(panel.locator('td[title="2026-11-30"]')).toHaveClass(/ant-picker-cell-disabled/);
    await expect(panel.locator('td[title="2026-12-01"]')).not.toHaveClass(/ant-picker-cell-disabled/);
    await panel.locator('.ant-picker-now-btn').click();
    await expect(page.getByTestId('schedule-at')).toHaveValue('2026-12-01 13:30');
  } finally {
    await stopHost(host);
    await gw.close();
  }
});
