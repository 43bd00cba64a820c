import { readFileSync } from 'node:fs';
import { openDatabase } from '../../electron/core/db/database';
import { profilePaths } from '../../electron/core/profile';
import { expect, test } from './host-fixture';
import { field, PAGE_LOAD_MS } from './page-helpers';

// 效果 in Chromium: a segment send with a control group and a phone-list send, stored as the ledger stores them, and
// orders the buyers placed afterwards. The page shows the campaign's orders, paid amount, uplift (样本太少 at these
// counts) and ROI, says the phone list cannot be attributed, draws the chart (a lazy chunk) and exports CSV / XLSX.
test('效果: per-campaign orders and ROI, the rules stated, chart, kinds, export', async ({ page, host }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.url);
  await field(page, 'vault-passphrase').fill('effect-pass-1');
  await field(page, 'vault-confirm').fill('effect-pass-1');
  await page.getByTestId('vault-submit').click();
  await expect(page.getByTestId('welcome')).toBeVisible();

  const db = openDatabase(profilePaths(host.profileDir).database);
  const now = Date.now();
  const sentAt = new Date(now - 120_000).toISOString();
  const campaign = db.prepare(
    `INSERT INTO campaigns (shop_id, name, kind, state, audience, template_code, template_name, template_type, started_at, created_at, updated_at)
     VALUES (1, ?, 'campaign', 'completed', ?, ?, ?, 1, ?, ?, ?)`,
  );
  const segmentSend = Number(campaign.run('老客回访', 'orders', 'SMS_E2E_1', '回访通知', sentAt, sentAt, sentAt).lastInsertRowid);
  const phoneList = Number(campaign.run('手机号群发', 'phones', 'SMS_E2E_2', '上新通知', sentAt, sentAt, sentAt).lastInsertRowid);
  db.prepare(
    "INSERT INTO audience_sends (campaign_id, shop_id, segment_name, rule, control_percent, buyers, created_at) VALUES (?, 1, '老客', '{}', 20, 10, ?)",
  ).run(segmentSend, sentAt);
  const recipient = db.prepare(
    `INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status, segments, submitted_at, buyer_open_uid, tid)
     VALUES (1, ?, ?, ?, 'accepted', 1, ?, ?, ?)`,
  );
  for (let i = 0; i < 8; i++) recipient.run(segmentSend, i + 1, `tid:47100000000000000${i}`, sentAt, `AAbuyer${i}`, `47100000000000000${i}`);
  for (let i = 0; i < 5; i++) recipient.run(phoneList, i + 1, `1390000000${i}`, sentAt, null, null);
  const held = db.prepare('INSERT INTO audience_control (shop_id, campaign_id, buyer_open_uid, tid, at) VALUES (1, ?, ?, ?, ?)');
  held.run(segmentSend, 'AAheld0', '4720000000000000000', sentAt);
  held.run(segmentSend, 'AAheld1', '4720000000000000001', sentAt);
  const order = db.prepare(
    `INSERT INTO orders (shop_id, tid, status, buyer_open_uid, payment, payment_fen, created_at, sort_at, updated_at)
     VALUES (1, ?, 'WAIT_SELLER_SEND_GOODS', ?, ?, ?, ?, ?, ?)`,
  );
  // Three recipients ordered after the SMS (128.00 + 64.50 + 7.50 = 200.00 yuan); one held-back buyer did too.
  const placed = now - 60_000;
  order.run('4730000000000000000', 'AAbuyer0', '128.00', 12800, placed, placed, placed);
  order.run('4730000000000000001', 'AAbuyer1', '64.50', 6450, placed, placed, placed);
  order.run('4730000000000000002', 'AAbuyer2', '7.50', 750, placed, placed, placed);
  order.run('4730000000000000003', 'AAheld0', '50.00', 5000, placed, placed, placed);
  db.close();

  await page.goto(`${host.origin}/#/costs`);
  await expect(page.getByTestId('costs-page')).toBeVisible({ timeout: PAGE_LOAD_MS });
  const row = page.getByTestId(`effect-${segmentSend}`);
  // 8 segments at the default 0.05 = 0.40 yuan: ROI 200 / 0.4 = 500.
  await expect(page.getByTestId(`effect-orders-${segmentSend}`)).toHaveText('3');
  await expect(page.getByTestId(`effect-amount-${segmentSend}`)).toHaveText('200.00');
  await expect(page.getByTestId(`effect-roi-${segmentSend}`)).toHaveText('500');
  await expect(row).toContainText('37.5%（3/8）');
  await expect(row).toContainText('50.0%（1/2）');
  await expect(row).toContainText('-12.5 个百分点');
  await expect(row).toContainText('样本太少');
  await expect(row).toContainText('统计中');
  await expect(page.getByTestId(`effect-${phoneList}`)).toContainText('按手机号发送，无法归因到订单');
  await expect(page.getByTestId(`effect-${phoneList}`)).toContainText('0.25 元 · 5 条');
  await expect(page.getByTestId('effect-rules')).toContainText('3 天内');
  await expect(page.getByTestId('effect-rules')).toContainText('一笔订单只算给它之前最近的一次发送');
  await expect(page.getByTestId('effect-rules')).toContainText('发送失败的号码计入费用');
  await expect(page.getByTestId('spend-total')).toHaveText('费用：13 条，0.65 元');
  await expect(page.getByTestId('effect-chart').locator('canvas')).toBeVisible();
  if (process.env.JST_SHOTS_DIR) {
    await page.getByTestId('effect-chart').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${process.env.JST_SHOTS_DIR}/effect-1280-chart.png` });
    await page.getByTestId('spend-campaigns').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${process.env.JST_SHOTS_DIR}/effect-1280.png` });
  }

  // The window is a setting: 1 day still counts these orders (placed a minute after the SMS).
  await page.locator('input[data-testid="effect-days"], [data-testid="effect-days"] input').first().fill('1');
  await expect(page.getByTestId('effect-rules')).toContainText('1 天内');
  await expect(page.getByTestId(`effect-orders-${segmentSend}`)).toHaveText('3');

  await page.getByRole('tab', { name: '按类型' }).click();
  await expect(page.getByTestId('effect-kinds')).toContainText('人群发送');
  await expect(page.getByTestId('effect-kinds')).toContainText('按手机号群发');

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('effect-export-csv').click()]);
  const csvText = readFileSync(await csv.path(), 'utf8');
  expect(csvText.startsWith('\uFEFF【按群发】')).toBe(true);
  expect(csvText).toContain(`${segmentSend},老客回访,人群发送,回访通知（SMS_E2E_1）,老客,8,3,3,200,37.5%,2,1,50,50.0%,-12.5,`);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('effect-export-xlsx').click()]);
  expect(xlsx.suggestedFilename()).toMatch(/^短信效果-\d{4}-\d{2}-.*\.xlsx$/);
  expect(
    readFileSync(await xlsx.path())
      .subarray(0, 2)
      .toString(),
  ).toBe('PK');

  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByRole('tab', { name: '按群发' }).click();
  await expect(page.getByTestId(`effect-roi-${segmentSend}`)).toBeVisible();
  if (process.env.JST_SHOTS_DIR) {
    await page.getByTestId('spend-campaigns').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${process.env.JST_SHOTS_DIR}/effect-1024.png` });
  }
});
