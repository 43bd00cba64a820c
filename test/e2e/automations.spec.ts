import { expect, test } from './host-fixture';
import { enterDemo, field, pickOption, rpc, shootBoth } from './page-helpers';

// Issue 18 in demo mode: the seller turns 催付 on from its card (the enable check first), the overview says so, and the
// decision log answers "why did / didn't this buyer get it" in words.
const PASSPHRASE = 'automations-pass-1';

test('催付: configure, enable after the check, see the state on the overview and the decisions in the log', async ({ page, host }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await enterDemo(page, host.url, PASSPHRASE);
  await expect(page.getByTestId('overview-automations')).toContainText('未开启');

  await page.locator('.ant-menu-item[data-menu-id$="-automations"]').click();
  // The template-approval notices of the demo's seeding would cover the pictures.
  for (const close of await page.locator('.ant-notification-notice-close').all()) await close.click();
  const card = page.getByTestId('auto-card-urge-pay');
  await expect(card).toBeVisible();
  for (const kind of ['shipped', 'signed', 'refund', 'review']) await expect(page.getByTestId(`auto-card-${kind}`)).toBeVisible();
  await expect(page.getByTestId('auto-state-urge-pay')).toHaveText('已关闭');

  // The demo starts each rule with its approved order template and signature; the phone shows a sample order, masked.
  await expect(page.getByTestId('auto-summary-urge-pay')).toContainText('催付提醒');
  await page.getByTestId('auto-edit-urge-pay').click();
  await expect(card.getByTestId('phone-bubble')).toContainText('【演示旗舰店】');
  await expect(card.getByTestId('phone-bubble')).toContainText('3921**');
  // A short delay (a demo minute lasts a second); the demo shop sends at any hour.
  await field(page, 'auto-delay-urge-pay').fill('10');
  await card.evaluate((el) => el.scrollIntoView());
  await shootBoth(page, 'automations-settings');
  await page.getByTestId('auto-save-urge-pay').click();
  await expect(page.getByTestId('auto-save-urge-pay')).toBeDisabled();
  await expect(page.getByTestId('auto-summary-urge-pay')).toContainText('触发后 10 分钟');
  await expect(page.getByTestId('auto-summary-urge-pay')).toContainText('00:00–23:59');
  await page.getByTestId('auto-edit-urge-pay').click();
  await page.evaluate(() => document.querySelector('[data-testid="automations-page"]')?.scrollIntoView());
  await shootBoth(page, 'automations-rules');

  // Enabling asks first: how many open orders would go out now / later / be skipped.
  await page.getByTestId('auto-switch-urge-pay').click();
  await expect(page.getByTestId('enable-check')).toBeVisible();
  await expect(page.getByTestId('enable-confirm')).toBeEnabled();
  await shootBoth(page, 'automations-enable-check');
  await page.getByTestId('enable-confirm').click();
  await expect(page.getByTestId('auto-state-urge-pay')).toHaveText('已开启');

  // The overview shows what is on, with a link back.
  await page.locator('.ant-menu-item[data-menu-id$="-overview"]').click();
  await expect(page.getByTestId('overview-automations')).toContainText('已开启 1 项');
  await expect(page.getByTestId('overview-automations')).toContainText('催付');
  await shootBoth(page, 'automations-overview');
  await page.getByTestId('overview-automations').click();
  await expect(page.getByTestId('automations-page')).toBeVisible();

  // The decision log: a paid order's 催付 is logged as not sent, 已付款 (the demo's buyers pay within minutes).
  await page.getByRole('tab', { name: '决策日志' }).click();
  await expect(page).toHaveURL(/#\/automations\/log$/);
  await pickOption(page, 'auto-log-kind', '催付');
  await pickOption(page, 'auto-log-reason', '已付款');
  const paidRow = page.locator('[data-testid^="auto-log-outcome-"]').filter({ hasText: '已付款' }).first();
  await expect(paidRow).toContainText('未发送', { timeout: 60_000 });
  await shootBoth(page, 'automations-log');
  // Each row links to its order on the 订单 page.
  const tid = (await page.getByTestId('auto-log-tid').first().textContent()) ?? '';
  expect(tid).toMatch(/^\d{6,}$/);
  await expect(page.getByTestId('auto-log-tid').first()).toHaveAttribute('href', `#/orders/${tid}`);

  // An unpaid order gets its 催付 (the demo profile shortens a delay minute, so it comes due within a minute): the row
  // says 已发送 and links to the SMS in 发送记录.
  await page.locator('[data-testid="auto-log-reason"] .ant-select-clear').click({ force: true });
  await pickOption(page, 'auto-log-outcome', '已发送');
  const sentLink = page.locator('[data-testid^="auto-log-sms-"]').first();
  await expect(sentLink).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('[data-testid^="auto-log-outcome-"]').first()).toContainText('已发送');
  await shootBoth(page, 'automations-log-sent');
  await sentLink.click();
  await expect(page).toHaveURL(/#\/history\/\d+$/);

  // Turning it off asks first and says what happens to the waiting orders.
  await page.locator('.ant-menu-item[data-menu-id$="-automations"]').click();
  await page.getByRole('tab', { name: '规则' }).click();
  await page.getByTestId('auto-switch-urge-pay').click();
  await page.getByTestId('confirm-disable').click();
  await expect(page.getByTestId('auto-state-urge-pay')).toHaveText('已关闭');
});

test('English: the cards, the reasons in words and the log read in English at both sizes', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 800 });
  await enterDemo(page, host.url, PASSPHRASE);
  const settings = (await rpc(page, host.token, 'settings.get')).result;
  expect((await rpc(page, host.token, 'settings.savePreferences', { ...settings.preferences, language: 'en' })).ok).toBe(true);
  await page.locator('.ant-menu-item[data-menu-id$="-automations"]').click();
  await expect(page.getByTestId('auto-card-urge-pay')).toContainText('Payment reminder');
  await expect(page.getByTestId('auto-state-review')).toHaveText('Off');
  for (const close of await page.locator('.ant-notification-notice-close').all()) await close.click();
  // The demo's paid orders close their 催付 before it is due: counted by reason, in words.
  await expect(page.getByTestId('auto-today-urge-pay')).toContainText('Paid already', { timeout: 60_000 });
  await shootBoth(page, 'automations-rules-en');
  await page.getByRole('tab', { name: 'Decision log' }).click();
  await expect(page.locator('[data-testid^="auto-log-outcome-"]').first()).toBeVisible({ timeout: 30_000 });
  await shootBoth(page, 'automations-log-en');
});
