import type { Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { startTopGateway, type TopGateway } from '../../electron/sim/top-gateway';
import { expect, test } from './host-fixture';
import { rpc, PAGE_LOAD_MS } from './page-helpers';

// Setup, templates and short links at the smallest supported window and a common one, in both languages: labels and
// table columns keep their words (no one-or-two-characters-per-line columns), screenshots for a person to look at.
const SHOTS = process.env.JST_SHOTS_DIR ?? 'test-results/shots';
const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
];

let gw: TopGateway;
test.beforeAll(async () => {
  gw = await startTopGateway({ reviewDelayMs: null });
  mkdirSync(SHOTS, { recursive: true });
});
test.afterAll(async () => {
  await gw.close();
});

/** Every header cell and the named columns' cells are wider than a few characters and at most two lines high. */
async function expectReadableTable(page: Page, table: string) {
  const cells = await page.locator(`${table} thead th`).evaluateAll((ths) =>
    ths
      .filter((th) => (th.textContent ?? '').trim())
      .map((th) => ({
        text: th.textContent.trim(),
        width: th.getBoundingClientRect().width,
        height: th.getBoundingClientRect().height,
        line: parseFloat(getComputedStyle(th).lineHeight) || 22,
      })),
  );
  expect(cells.length).toBeGreaterThan(2);
  for (const c of cells) {
    expect(c.width, `${table} column "${c.text}" width`).toBeGreaterThan(64);
    expect(c.height, `${table} column "${c.text}" wraps`).toBeLessThan(c.line * 2 + 34);
  }
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`layout at 1024×700 and 1280×800 (${lang})`, async ({ page, host }) => {
    await page.setViewportSize(SIZES[0]!);
    await page.goto(host.url);
    await page.getByTestId('vault-passphrase').fill('passphrase-1');
    await page.getByTestId('vault-confirm').fill('passphrase-1');
    await page.getByTestId('vault-submit').click();
    await expect(page.getByTestId('welcome')).toBeVisible();
    expect((await rpc(page, host.token, 'settings.saveTop', { ...gw.credentials, gatewayUrl: gw.url, signMethod: 'hmac-sha256' })).ok).toBe(true);
    const settings = (await rpc(page, host.token, 'settings.get')).result;
    await rpc(page, host.token, 'settings.savePreferences', { ...settings.preferences, language: lang });
    const code = gw.control.seedTemplate({
      name: lang === 'en' ? 'Shipping notice' : '发货通知',
      content: '${buyerNick}您好，您的订单${tid}已发货，物流单号${outSid}，请留意查收。',
      type: 1,
      status: 'approved',
    });
    await rpc(page, host.token, 'templates.import', { code });
    await rpc(page, host.token, 'shortLinks.create', { url: 'https://item.taobao.com/item.htm?id=1234567890', tag: 'spring', batchNumber: 'B20261201' });
    await page.reload();

    for (const size of SIZES) {
      await page.setViewportSize(size);
      const tag = `${lang}-${size.width}x${size.height}`;
      await page.getByRole('menuitem').last().click();
      await expect(page.getByTestId('top-card')).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/setup-${tag}.png` });
      // Menu items and preference labels keep whole words: one line each (preferences may wrap to two).
      for (const item of await page.getByRole('menuitem').all()) {
        const box = (await item.boundingBox())!;
        expect(box.height, await item.innerText()).toBeLessThan(48);
      }
      // The status bar stays one line (its long poller reason gives way).
      expect((await page.getByTestId('status-bar').boundingBox())!.height).toBeLessThan(40);
      await page.getByTestId('preferences-card').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/setup-preferences-${tag}.png` });
      for (const label of await page.locator('.setup-pref-label').all()) {
        const box = (await label.boundingBox())!;
        expect(box.width, await label.innerText()).toBeGreaterThan(200);
        expect(box.height, await label.innerText()).toBeLessThan(50);
        expect(await label.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), `${await label.innerText()} is clipped`).toBe(true);
      }

      await page.locator('.ant-menu-item[data-menu-id$="-templates"]').click();
      await expect(page.getByTestId('template-list')).toBeVisible({ timeout: PAGE_LOAD_MS });
      await page.screenshot({ path: `${SHOTS}/templates-${tag}.png` });
      await expectReadableTable(page, '[data-testid="template-list"]');
      // The template text keeps a readable column (it collapsed to a couple of characters per line at 1024 px).
      expect((await page.locator('.jst-cell-content').first().boundingBox())!.width).toBeGreaterThan(200);

      await page.getByRole('tab').nth(2).click();
      await expect(page.locator('[data-testid="shortlinks-tab"] table')).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/shortlinks-${tag}.png` });
      await expectReadableTable(page, '[data-testid="shortlinks-tab"]');

      await page.getByRole('tab').nth(0).click();
      await page.locator('[data-testid^="template-row-"]').first().click();
      await expect(page.getByTestId('template-editor')).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/editor-${tag}.png` });
      await page.getByTestId('lint-panel').scrollIntoViewIfNeeded();
      await expect(page.getByTestId('lint-panel')).toBeInViewport();
      await page.screenshot({ path: `${SHOTS}/editor-lint-${tag}.png` });
      await page.getByTestId('back-to-list').click();
    }
  });
}

/** A table never scrolls sideways while it has no rows, and no column sits under the pinned column at scroll 0. */
async function expectNoHiddenColumns(page: Page, table: string) {
  const layout = await page
    .locator(table)
    .first()
    .evaluate((root) => {
      const scroller = root.querySelector<HTMLElement>('.ant-table-body, .ant-table-content, .ant-table-tbody-virtual-holder');
      const empty = !!root.querySelector('.ant-table-placeholder, .ant-empty');
      const heads = [...root.querySelectorAll('thead th')] as HTMLElement[];
      const pinned = heads.filter((th) => th.className.includes('ant-table-cell-fix-right') || th.className.includes('ant-table-cell-fix-end'));
      const pinnedLeft = pinned.length ? Math.min(...pinned.map((th) => th.getBoundingClientRect().left)) : Infinity;
      const covered = heads
        .filter((th) => !pinned.includes(th) && (th.textContent ?? '').trim())
        .filter((th) => th.getBoundingClientRect().right > pinnedLeft + 1)
        .map((th) => th.textContent.trim());
      return { empty, overflow: scroller ? scroller.scrollWidth - scroller.clientWidth : 0, covered };
    });
  if (layout.empty) expect(layout.overflow, `${table} scrolls sideways while empty`).toBeLessThanOrEqual(1);
  expect(layout.covered, `${table} columns under the pinned column`).toEqual([]);
}

for (const lang of ['zh-CN', 'en'] as const) {
  test(`发送 at 1024×700 and 1280×800 (${lang}): list, recipients, empty tables`, async ({ page, host }) => {
    await page.setViewportSize(SIZES[0]!);
    await page.goto(host.url);
    await page.getByTestId('vault-passphrase').fill('passphrase-1');
    await page.getByTestId('vault-confirm').fill('passphrase-1');
    await page.getByTestId('vault-submit').click();
    await expect(page.getByTestId('welcome')).toBeVisible();
    expect((await rpc(page, host.token, 'settings.saveTop', { ...gw.credentials, gatewayUrl: gw.url, signMethod: 'hmac-sha256' })).ok).toBe(true);
    const settings = (await rpc(page, host.token, 'settings.get')).result;
    await rpc(page, host.token, 'settings.savePreferences', { ...settings.preferences, language: lang });
    gw.control.seedSignature({ name: '张三男装淘宝店', status: 'approved' });
    const code = gw.control.seedTemplate({
      name: lang === 'en' ? 'Shipping notice' : '发货通知',
      content: '${name}您好，您的订单已发货',
      type: 1,
      status: 'approved',
    });
    const template = (await rpc(page, host.token, 'templates.import', { code })).result;
    const scheduled = (await rpc(page, host.token, 'campaigns.create', { name: '双十二老客回访（定时）' })).result;
    await rpc(page, host.token, 'campaigns.importRecipients', {
      id: scheduled.id,
      source: { kind: 'paste', text: '13800138000,王先生\n13900139000,李女士\n12345,x' },
      mapping: { hasHeader: false, phoneColumn: 0, variableColumns: { name: 1 } },
    });
    await rpc(page, host.token, 'campaigns.update', {
      id: scheduled.id,
      templateId: template.id,
      signName: '张三男装淘宝店',
      scheduledAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    expect((await rpc(page, host.token, 'campaigns.start', { id: scheduled.id, confirm: true })).ok).toBe(true);
    await page.reload();

    for (const size of SIZES) {
      await page.setViewportSize(size);
      const tag = `${lang}-${size.width}x${size.height}`;
      await page.locator('.ant-menu-item[data-menu-id$="-send"]').click();
      await expect(page.getByTestId('campaign-list')).toBeVisible({ timeout: PAGE_LOAD_MS });
      // While campaigns.list loads, the table shows its empty placeholder: measure the list with its campaign.
      await expect(page.locator('[data-testid^="campaign-row-"]')).toHaveCount(1);
      await page.screenshot({ path: `${SHOTS}/send-list-${tag}.png` });
      await expectNoHiddenColumns(page, '[data-testid="campaign-list"]');
      await page.locator('[data-testid^="campaign-row-"]').first().click();
      await expect(page.getByTestId('recipients-table')).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/send-recipients-${tag}.png` });
      await expectNoHiddenColumns(page, '[data-testid="recipients-table"]');
      // Nothing matches: the empty table must not scroll sideways.
      await page.getByTestId('recipients-search').locator('input').fill('139999');
      await page.getByTestId('recipients-search').locator('input').press('Enter');
      await expect(page.locator('[data-testid="recipients-table"] .ant-empty')).toBeVisible();
      await page.screenshot({ path: `${SHOTS}/send-recipients-empty-${tag}.png` });
      await expectNoHiddenColumns(page, '[data-testid="recipients-table"]');
      await page.getByTestId('back-to-campaigns').click();
      await page.locator('.ant-menu-item[data-menu-id$="-suppression"]').click();
      await expect(page.getByTestId('suppression-page')).toBeVisible({ timeout: PAGE_LOAD_MS });
      await page.screenshot({ path: `${SHOTS}/suppression-empty-${tag}.png` });
      await expectNoHiddenColumns(page, '[data-testid="suppression-page"]');
    }
  });
}
