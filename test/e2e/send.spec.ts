import type { Page } from '@playwright/test';
import { startTopGateway, type TopGateway } from '../../electron/sim/top-gateway';
import { buildXlsx, encode } from '../unit/recipients/fixtures';
import { expect, startHost, stopHost, test, type RunningHost } from './host-fixture';
import { field, pickOption, rpc, shootBoth as shoot, PAGE_LOAD_MS } from './page-helpers';

// 发送 end to end against the strict TOP simulator: paste → send → done, then a CSV with a variable column →
// mapping → preview → check → send → pause → resume → done; the simulator's per-number counters match the summary.

const PASSPHRASE = 'seller-passphrase-1';
const SIGN = '张三男装淘宝店';
const CONTENT = '您的${coupon}优惠券已到账，请注意查收。';
const BATCHSEND = 'taobao.jst.sms.message.direct.batchsend';

function phoneAt(i: number): string {
  return `139${String(10_000_000 + i).padStart(8, '0')}`;
}

async function setUp(page: Page, host: RunningHost, gw: TopGateway) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.url);
  await page.getByTestId('vault-passphrase').fill(PASSPHRASE);
  await page.getByTestId('vault-confirm').fill(PASSPHRASE);
  await page.getByTestId('vault-submit').click();
  await expect(page.getByRole('menuitem', { name: '设置' })).toBeVisible();
  const saved = await rpc(page, host.token, 'settings.saveTop', { ...gw.credentials, gatewayUrl: gw.url, signMethod: 'hmac-sha256' });
  expect(saved.ok).toBe(true);
  // A notification template (not bound to the marketing window, so the test runs at any hour) and a signature, both
  // approved on the platform, imported as a seller would.
  const code = gw.control.seedTemplate({ name: '发货通知', content: CONTENT, type: 1, status: 'approved' });
  gw.control.seedSignature({ name: SIGN, status: 'approved' });
  expect((await rpc(page, host.token, 'templates.import', { code })).ok).toBe(true);
  expect((await rpc(page, host.token, 'signatures.import', { name: SIGN })).ok).toBe(true);
  return code;
}

async function newCampaign(page: Page) {
  await page.locator('.ant-menu-item[data-menu-id$="-send"]').click();
  await expect(page.getByTestId('campaign-list')).toBeVisible({ timeout: PAGE_LOAD_MS });
  await page.getByTestId('new-campaign').click();
  await expect(page.getByTestId('wizard-step-recipients')).toBeVisible();
}

/** 内容 → 检查 → 发送 with the confirmation modal; returns the final count shown. */
async function checkAndSend(page: Page, final: number, shots?: string) {
  await page.getByTestId('content-next').click();
  await expect(page.getByTestId('check-ready')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('check-final')).toHaveAttribute('data-value', String(final));
  if (shots) await shoot(page, `${shots}-3-check`);
  await page.getByTestId('check-next').click();
  await expect(page.getByTestId('send-final')).toHaveText(String(final));
  await page.getByTestId('start-send').click();
  await expect(page.getByTestId('confirm-body')).toContainText(`${final} 个号码`);
  if (shots) await shoot(page, `${shots}-4-confirm`);
  await page.getByTestId('confirm-send').click();
}

test('paste → send → done; CSV with a variable column → mapping → preview → check → send → pause/resume → done', async ({ page }) => {
  test.setTimeout(240_000);
  const gw = await startTopGateway({});
  const host = await startHost({ JST_SEND_MAX_IN_FLIGHT: '2' });
  try {
    await setUp(page, host, gw);

    // ---- 1. pasted numbers: separators of every kind, one duplicate, one invalid ----
    await newCampaign(page);
    await shoot(page, 'send-1-source');
    const pasted = ['13800138000', '13800138001', '13800138002', '13800138003'];
    await page.getByTestId('paste-box').fill(`${pasted[0]}\n${pasted[1]}，${pasted[2]}、+86 138-0013-8003；12345\t${pasted[0]}`);
    await page.getByTestId('paste-recognise').click();
    await expect(page.getByTestId('mapping-form')).toBeVisible();
    await pickOption(page, 'mapping-template', '发货通知');
    await shoot(page, 'send-1-mapping-paste');
    await page.getByTestId('import-recipients').click();
    await expect(page.getByTestId('import-summary')).toBeVisible();
    await expect(page.getByTestId('summary-rows')).toHaveAttribute('data-value', '6');
    await expect(page.getByTestId('summary-duplicate')).toHaveAttribute('data-value', '1');
    await expect(page.getByTestId('summary-invalid')).toHaveAttribute('data-value', '1');
    await expect(page.getByTestId('summary-final')).toHaveAttribute('data-value', '4');
    // The invalid rows download as a CSV with a BOM.
    const download = page.waitForEvent('download');
    await page.getByTestId('download-invalid').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);

    await page.getByTestId('recipients-next').click();
    await field(page, 'signature-input').fill(SIGN);
    await page.getByTestId('constant-coupon').fill('满100减10');
    await expect(page.getByTestId('phone-bubble')).toContainText('您的满100减10优惠券已到账');
    await checkAndSend(page, 4);
    await expect(page.getByTestId('send-done')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('count-submitted')).toHaveAttribute('data-value', '4');
    for (const phone of pasted) expect(gw.counters.sendsByNumber[phone]).toBe(1);
    expect(gw.counters.sendsByNumber['12345']).toBeUndefined();

    // ---- 2. a CSV (> one upload chunk) whose `coupon` column fills ${coupon} ----
    const rows = 6000;
    const pad = 'x'.repeat(70);
    const lines = ['phone,coupon,note'];
    for (let i = 0; i < rows; i++) lines.push(`${phoneAt(i)},券${i},${pad}`);
    lines.push(`${phoneAt(0)},重复,${pad}`, `0571-8888888,座机,${pad}`);
    const csv = Buffer.from(lines.join('\r\n'), 'utf8');
    expect(csv.length).toBeGreaterThan(512 * 1024);

    await page.getByTestId('back-to-campaigns').click();
    await expect(page.getByTestId('campaign-list')).toBeVisible();
    await expect(page.locator('[data-testid^="campaign-row-"]')).toHaveCount(1);
    await shoot(page, 'send-0-list');
    await page.getByTestId('new-campaign').click();
    await page.getByRole('tab', { name: '上传文件' }).click();
    await page.getByTestId('file-drop').locator('input[type=file]').setInputFiles({ name: '老客户.csv', mimeType: 'text/csv', buffer: csv });
    await expect(page.getByTestId('mapping-form')).toBeVisible({ timeout: 20_000 });
    await pickOption(page, 'mapping-template', '发货通知');
    // The header equal to the variable maps itself; the phone column is detected.
    await expect(page.getByTestId('map-var-coupon')).toContainText('coupon');
    await expect(page.getByTestId('phone-column')).toContainText('phone');
    await shoot(page, 'send-1-mapping-csv');
    await page.getByTestId('import-recipients').click();
    await expect(page.getByTestId('import-summary')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('summary-rows')).toHaveAttribute('data-value', String(rows + 2));
    await expect(page.getByTestId('summary-final')).toHaveAttribute('data-value', String(rows));
    await field(page, 'recipients-search').fill(phoneAt(42));
    await field(page, 'recipients-search').press('Enter');
    await expect(page.getByTestId('recipient-phone')).toHaveText([phoneAt(42)]);
    await shoot(page, 'send-1-summary');

    // Draft survives a reload: it reopens on the next step that needs the seller.
    await page.reload();
    await expect(page.getByTestId('wizard-step-content')).toBeVisible();
    await field(page, 'signature-input').fill(SIGN);
    // Preview with the first recipients' own values.
    await expect(page.getByTestId('phone-bubble')).toContainText('您的券0优惠券已到账');
    await page.getByTestId('preview-recipient').getByText(phoneAt(1)).click();
    await expect(page.getByTestId('phone-bubble')).toContainText('您的券1优惠券已到账');
    await shoot(page, 'send-2-content');

    // Slow answers and 2 calls in flight (JST_SEND_MAX_IN_FLIGHT below): 30 chunks take ≥ 15 s, so the campaign is
    // still running when it is paused.
    gw.control.setLatency(1_000);
    await checkAndSend(page, rows, 'send');
    await expect(page.getByTestId('campaign-state')).toHaveAttribute('data-state', 'sending', { timeout: 15_000 });
    await page.getByTestId('action-pause').click();
    await expect(page.getByTestId('campaign-state')).toHaveAttribute('data-state', 'paused', { timeout: 15_000 });
    await expect(page.getByTestId('pause-reason')).toContainText('已手动暂停');
    // In-flight chunks finish; nothing more goes out while paused.
    await page.waitForTimeout(2_000);
    const sentWhilePaused = gw.counters.callsByMethod[BATCHSEND] ?? 0;
    await page.waitForTimeout(1_500);
    expect(gw.counters.callsByMethod[BATCHSEND] ?? 0).toBe(sentWhilePaused);
    const pending = Number(await page.getByTestId('count-pending').getAttribute('data-value'));
    expect(pending).toBeGreaterThan(0);
    await shoot(page, 'send-5-paused');

    // Resume from the list: the paused row shows its reason and the action.
    await page.getByTestId('back-to-campaigns').click();
    const pausedRow = page.locator('[data-testid^="campaign-row-"]', { has: page.locator('[data-state="paused"]') });
    await expect(pausedRow.getByTestId('campaign-reason')).toContainText('已手动暂停');
    await shoot(page, 'send-0-list-paused');
    await pausedRow.getByTestId('action-resume').click();
    await expect(page.locator('[data-testid^="campaign-row-"] [data-state="sending"]')).toHaveCount(1);
    await page.locator('[data-testid^="campaign-row-"]', { has: page.locator('[data-state="sending"]') }).click();
    await expect(page.getByTestId('live-progress')).toBeVisible();
    await shoot(page, 'send-5-progress');
    await expect(page.getByTestId('send-done')).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('count-submitted')).toHaveAttribute('data-value', String(rows));
    await shoot(page, 'send-6-done');

    // The simulator saw every valid number exactly once (and the landline never).
    const notOnce = Array.from({ length: rows }, (_, i) => phoneAt(i)).filter((phone) => gw.counters.sendsByNumber[phone] !== 1);
    expect(notOnce).toEqual([]);
    const total = Object.values(gw.counters.sendsByNumber).reduce((a, b) => a + b, 0);
    expect(total).toBe(rows + pasted.length);
    expect(gw.counters.sendsByNumber['0571-8888888']).toBeUndefined();
    // Each recipient got their own value, rendered by the platform.
    expect(gw.control.sends({ phone: phoneAt(7) }).map((x) => x.content)).toEqual([`【${SIGN}】您的券7优惠券已到账，请注意查收。`]);

    await page.getByTestId('back-to-campaigns').click();
    await expect(page.locator('[data-testid^="campaign-row-"]')).toHaveCount(2);
    await shoot(page, 'send-0-list-done');
  } finally {
    await stopHost(host);
    await gw.close();
  }
});

test('marketing draft: approved signature only, 淘短链 created for ${url}, sending window, 次日自动续发, frequency guard', async ({ page }) => {
  const gw = await startTopGateway({});
  const host = await startHost();
  try {
    await setUp(page, host, gw);
    const code = gw.control.seedTemplate({ name: '春季上新', content: '春季新品上架，全场8折，戳 ${url} 抢先看，回T退订', type: 2, status: 'approved' });
    expect((await rpc(page, host.token, 'templates.import', { code })).ok).toBe(true);
    await newCampaign(page);
    await page.getByTestId('paste-box').fill('13800138000 13800138001 13800138002');
    await page.getByTestId('paste-recognise').click();
    await pickOption(page, 'mapping-template', '春季上新');
    await page.getByTestId('import-recipients').click();
    await expect(page.getByTestId('summary-final')).toHaveAttribute('data-value', '3');
    await page.getByTestId('recipients-next').click();

    // Marketing: a select of approved signatures, not free text.
    await expect(page.getByTestId('signature-input')).toHaveCount(0);
    await pickOption(page, 'signature-select', SIGN);
    await page.getByTestId('shortlink-new').click();
    await field(page, 'new-shortlink-url').fill('https://item.taobao.com/item.htm?id=123456');
    await field(page, 'new-shortlink-tag').fill('老客户');
    await page
      .locator('.ant-modal-footer:visible')
      .getByRole('button', { name: /确\s*定/ })
      .click();
    await expect(page.getByTestId('shortlink-select')).toContainText('s.tb.cn');
    await expect(page.getByTestId('phone-bubble')).toContainText('https://s.tb.cn/');
    await shoot(page, 'send-2-content-marketing');

    await page.getByTestId('content-next').click();
    await expect(page.getByTestId('check-ready')).toBeVisible();
    await expect(page.getByTestId('sending-window')).toContainText('08:00');
    await page.getByTestId('auto-resume').click();
    await field(page, 'frequency-days').fill('3');
    await field(page, 'frequency-days').blur();
    await expect.poll(async () => (await rpc(page, host.token, 'campaigns.list', {})).result[0]).toMatchObject({ state: 'draft' });
    await expect
      .poll(async () => {
        const id = (await rpc(page, host.token, 'campaigns.list', {})).result[0].id;
        const view = (await rpc(page, host.token, 'campaigns.get', { id })).result;
        return { auto: view.autoResumeNextDay, days: view.frequencyDays, link: view.shortLink?.url ?? '' };
      })
      .toMatchObject({ auto: true, days: 3, link: expect.stringContaining('s.tb.cn') });
    await page.getByTestId('schedule-mode').getByText('定时发送').click();
    await expect(page.getByTestId('schedule-at')).toBeVisible();
    await shoot(page, 'send-3-check-marketing');

    // The draft waits in the list; 继续编辑 reopens it on the step it needs next.
    await page.getByTestId('back-to-campaigns').click();
    await shoot(page, 'send-0-list-draft');
    await page.getByTestId('action-continue').click();
    await expect(page.getByTestId('wizard-step-check')).toBeVisible();
  } finally {
    await stopHost(host);
    await gw.close();
  }
});

test('测试发送 from the check step: the message goes to the seller’s own number, its delivery shows there, the campaign does not count it', async ({
  page,
}) => {
  const gw = await startTopGateway({});
  const host = await startHost();
  try {
    await setUp(page, host, gw);
    await newCampaign(page);
    await page.getByTestId('paste-box').fill('13800138100\n13800138101');
    await page.getByTestId('paste-recognise').click();
    await pickOption(page, 'mapping-template', '发货通知');
    await page.getByTestId('import-recipients').click();
    await expect(page.getByTestId('summary-final')).toHaveAttribute('data-value', '2');
    await page.getByTestId('recipients-next').click();
    await field(page, 'signature-input').fill(SIGN);
    await page.getByTestId('constant-coupon').fill('满100减10');
    await page.getByTestId('content-next').click();
    await expect(page.getByTestId('check-ready')).toHaveAttribute('data-ready', 'true');

    await field(page, 'test-numbers').click();
    await field(page, 'test-numbers').fill('136 0013 6000');
    await page.getByTestId('test-send-button').click();
    await expect(page.getByTestId('test-send-result')).toHaveAttribute('data-state', 'completed', { timeout: 20_000 });
    await expect(page.getByTestId('test-send-result').getByTestId('delivery-sent')).toHaveAttribute('data-value', '1');
    await shoot(page, 'send-3-check-test-send');
    expect(gw.counters.sendsByNumber['13600136000']).toBe(1);
    expect(gw.control.sends({ phone: '13600136000' })[0]!.content).toBe(`【${SIGN}】您的满100减10优惠券已到账，请注意查收。`);
    // Not part of the campaign: still 2 to send, nothing sent to its numbers, not a campaign in the list.
    await expect(page.getByTestId('check-final')).toHaveAttribute('data-value', '2');
    expect(gw.counters.sendsByNumber['13800138100']).toBeUndefined();
    // The number is remembered for the next campaign.
    await page.reload();
    await expect(field(page, 'test-numbers')).toHaveValue('13600136000');
    await page.getByTestId('back-to-campaigns').click();
    await expect(page.locator('[data-testid^="campaign-row-"]')).toHaveCount(1);
  } finally {
    await stopHost(host);
    await gw.close();
  }
});

test('XLSX with two sheets: sheet choice and header toggle re-read the file; a GBK CSV from Chinese Excel is detected', async ({ page }) => {
  const gw = await startTopGateway({});
  const host = await startHost();
  try {
    await setUp(page, host, gw);
    await newCampaign(page);
    const xlsx = buildXlsx([
      { name: '说明', rows: [['这是说明页，不是号码']] },
      {
        name: '客户',
        rows: [
          ['手机', 'coupon'],
          [{ n: '1.3800138E10' }, '券A'],
          ["'13900139000", '券B'],
          ['12345', '券C'],
        ],
      },
    ]);
    await page.getByRole('tab', { name: '上传文件' }).click();
    await page
      .getByTestId('file-drop')
      .locator('input[type=file]')
      .setInputFiles({ name: '客户.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(xlsx) });
    await expect(page.getByTestId('mapping-form')).toBeVisible({ timeout: 20_000 });
    await pickOption(page, 'sheet-select', '客户');
    await expect(page.getByTestId('mapping-preview')).toContainText('13900139000');
    await pickOption(page, 'mapping-template', '发货通知');
    await expect(page.getByTestId('phone-column')).toContainText('手机');
    // Without the header the first row becomes data and columns are numbered.
    await page.getByTestId('has-header').click();
    await expect(page.getByTestId('mapping-preview')).toContainText('手机');
    await page.getByTestId('has-header').click();
    await expect(page.getByTestId('phone-column')).toContainText('手机');
    await pickOption(page, 'map-var-coupon', 'coupon');
    await shoot(page, 'send-1-mapping-xlsx');
    await page.getByTestId('import-recipients').click();
    await expect(page.getByTestId('summary-rows')).toHaveAttribute('data-value', '3');
    await expect(page.getByTestId('summary-invalid')).toHaveAttribute('data-value', '1');
    await expect(page.getByTestId('summary-final')).toHaveAttribute('data-value', '2');
    // Excel artefacts normalised: the float and the leading apostrophe.
    await page.getByTestId('recipients-status').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '有效' }).click();
    await expect(page.getByTestId('recipient-phone')).toHaveText(['13800138000', '13900139000']);

    // Replace the list with a GBK CSV.
    await page.getByTestId('reimport').click();
    await page.getByRole('tab', { name: '上传文件' }).click();
    const gbk = encode('手机号,coupon\r\n13700137000,满减券\r\n13700137001,满减券\r\n', 'gbk');
    await page.getByTestId('file-drop').locator('input[type=file]').setInputFiles({ name: '导出.csv', mimeType: 'text/csv', buffer: gbk });
    await expect(page.getByTestId('source-encoding')).toContainText(/gb/i);
    await expect(page.getByTestId('mapping-preview')).toContainText('满减券');
    await page.getByTestId('import-recipients').click();
    await expect(page.getByTestId('summary-final')).toHaveAttribute('data-value', '2');
    await expect(page.getByTestId('imported-source')).toContainText('导出.csv');

    // A GBK CSV with a line pasted in from a UTF-8 source: the lines that would be garbled are named before import.
    await page.getByTestId('reimport').click();
    await page.getByRole('tab', { name: '上传文件' }).click();
    const mixed = Buffer.concat([
      encode('手机号,称呼\r\n13700137000,李四\r\n', 'gbk'),
      encode('13700137001,张三\r\n', 'utf-8'),
      encode('13700137002,王五\r\n', 'gbk'),
    ]);
    await page.getByTestId('file-drop').locator('input[type=file]').setInputFiles({ name: '混合.csv', mimeType: 'text/csv', buffer: mixed });
    await expect(page.getByTestId('encoding-warning')).toContainText('第 3 行');
    await expect(page.getByTestId('encoding-warning')).toContainText('寮犱笁');
    await shoot(page, 'send-1-mapping-mixed-encoding');
  } finally {
    await stopHost(host);
    await gw.close();
  }
});

test('免打扰名单: paste many with a reason → add result → reason shown → search → remove with confirmation', async ({ page, host }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(host.url);
  await page.getByTestId('vault-passphrase').fill(PASSPHRASE);
  await page.getByTestId('vault-confirm').fill(PASSPHRASE);
  await page.getByTestId('vault-submit').click();
  await expect(page.getByRole('menuitem', { name: '设置' })).toBeVisible();
  await page.getByRole('menuitem', { name: '免打扰名单' }).click();
  await expect(page.getByTestId('suppression-page')).toBeVisible();
  await page.getByTestId('suppression-add').click();
  await page.getByTestId('suppression-paste').fill('13800138000，13800138001\n13800138000、12345');
  await page.getByTestId('suppression-note').fill('电话要求不再发送');
  await page.getByTestId('suppression-reason-optout').click();
  await page.getByTestId('suppression-add-ok').click();
  await expect(page.getByTestId('suppression-add-result')).toContainText('新增 2 个');
  await expect(page.getByTestId('suppression-add-result')).toContainText('12345');
  await shoot(page, 'suppression-add');
  await page.getByTestId('suppression-add-ok').click();
  await expect(page.getByTestId('suppression-phone')).toHaveCount(2);
  await expect(page.getByTestId('suppression-reason-13800138001')).toHaveText('退订');
  await field(page, 'suppression-search').fill('13800138001');
  await field(page, 'suppression-search').press('Enter');
  await expect(page.getByTestId('suppression-phone')).toHaveText(['13800138001']);
  await shoot(page, 'suppression-list');
  await page.getByTestId('suppression-remove-13800138001').click();
  await page.getByTestId('confirm-remove').click();
  await expect(page.getByTestId('suppression-phone')).toHaveCount(0);
  await field(page, 'suppression-search').fill('');
  await field(page, 'suppression-search').press('Enter');
  await expect(page.getByTestId('suppression-phone')).toHaveText(['13800138000']);

  // 导入黑名单: a file through the same readers; the counts show (added / already listed / invalid).
  const blacklist = Buffer.from('手机号\n13800138000\n13900139000\n13900139001\n不是号码\n', 'utf-8');
  await page.getByTestId('suppression-import-file').locator('input[type=file]').setInputFiles({ name: '黑名单.csv', mimeType: 'text/csv', buffer: blacklist });
  await expect(page.getByTestId('suppression-import-result')).toContainText('新增 2 个，1 个已在名单中（或文件内重复），1 个不是有效的手机号');
  await expect(page.getByTestId('suppression-import-result')).toContainText('不是号码');
  await page.getByTestId('suppression-import-ok').click();
  await expect(page.getByTestId('suppression-phone')).toHaveCount(3);
});
