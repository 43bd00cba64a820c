import type { Page } from '@playwright/test';
import { startTopGateway, type TopGateway } from '../../electron/sim/top-gateway';
import { expect, test } from './host-fixture';
import { createVault, enterDemo, rpc, rpcResult, shot, PAGE_LOAD_MS } from './page-helpers';

// 订单 as a seller sees it: the demo shop's orders arrive through message sync, the list filters in main, an order opens
// with its timeline, the sync card says what is covered, and code 11 is shown plainly (never retried by itself).
// Layout at 1280×800 and 1024×700: the page never scrolls sideways, an empty table included.
const PASSPHRASE = 'orders-pass-1';
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
];

async function openOrders(page: Page) {
  await page.locator('.ant-menu-item[data-menu-id$="-orders"]').click();
  await expect(page.getByTestId('orders-sync-card')).toBeVisible({ timeout: PAGE_LOAD_MS });
}

/** Neither the content pane nor the table body is wider than what shows. */
async function expectNoSidewaysScroll(page: Page, what: string) {
  const widths = await page.evaluate(() =>
    ['.app-content', '[data-testid="orders-table"] .ant-table-body', '[data-testid="orders-table"] .ant-table-content'].flatMap((selector) =>
      [...document.querySelectorAll<HTMLElement>(selector)].map((el) => ({ selector, scroll: el.scrollWidth, client: el.clientWidth })),
    ),
  );
  expect(widths.length, what).toBeGreaterThan(0);
  for (const w of widths) expect(w.scroll, `${what}: ${w.selector}`).toBeLessThanOrEqual(w.client + 1);
}

test('demo shop: the order list, the 等待买家付款 filter, an order with its timeline, sync state in the status bar and 概览', async ({ page, host }) => {
  test.setTimeout(180_000);
  await page.setViewportSize(SIZES[0]!);
  await enterDemo(page, host.url, PASSPHRASE);

  // 概览 and the status bar carry the order line, both a way into 订单.
  await expect(page.getByTestId('overview-orders')).toBeVisible();
  await expect(page.getByTestId('status-orders')).toBeVisible();
  // The demo shop's past orders arrive through the simulated message sync.
  await expect
    .poll(async () => (await rpcResult<{ total: number }>(page, host.token, 'orders.list', { page: 1, pageSize: 1 })).total, { timeout: 60_000 })
    .toBeGreaterThan(10);
  await expect(page.getByTestId('status-orders')).toHaveAttribute('data-tone', /ok|running|gap/);
  await page.getByTestId('status-orders').click();
  await expect(page.getByTestId('orders-sync-card')).toBeVisible();
  await expect(page.getByTestId('orders-sync-facts')).not.toContainText('还没有收到订单事件');
  await expect(page.getByTestId('orders-table').locator('.ant-table-row').first()).toBeVisible();
  // Order numbers are the whole 19 digits.
  const firstTid = await page.getByTestId('orders-table').locator('[data-testid^="order-open-"]').first().innerText();
  expect(firstTid).toMatch(/^\d{19}$/);
  await shot(page, 'orders-list-1280');

  // Live orders wait for payment for a while (electron/demo/shop.ts): the filter shows only those.
  await page.getByTestId('orders-filter-status').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '等待买家付款' }).click();
  await page.keyboard.press('Escape');
  const rows = page.getByTestId('orders-table').locator('.ant-table-row');
  await expect(rows.first()).toBeVisible({ timeout: 60_000 });
  const statuses = await page
    .getByTestId('orders-table')
    .locator('.ant-table-row [data-status]')
    .evaluateAll((tags) => tags.map((t) => t.getAttribute('data-status')));
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(['WAIT_BUYER_PAY']));
  await expect(page.getByTestId('orders-total')).toHaveAttribute('data-capped', 'false');

  // Selecting orders offers the send to their buyers.
  await expect(page.getByTestId('orders-send-to-buyers')).toBeDisabled();
  await rows.first().locator('.ant-checkbox-input').check();
  await expect(page.getByTestId('orders-selected')).toContainText('已选 1 笔');
  await expect(page.getByTestId('orders-send-to-buyers')).toBeEnabled();

  // Open an order: its facts come from the platform now, its timeline starts with 创建订单.
  const unpaid = await rows.first().locator('[data-testid^="order-open-"]').innerText();
  await rows.first().locator('[data-testid^="order-open-"]').click();
  await expect(page).toHaveURL(new RegExp(`#/orders/${unpaid}$`));
  const detail = page.getByTestId('order-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('order-detail-tid')).toContainText(unpaid);
  await expect(page.getByTestId('order-detail-source')).toHaveAttribute('data-source', /platform|local/);
  await expect(page.getByTestId('order-timeline')).toBeVisible();
  // Its creation came as a message (a fill-in may have found the order a second earlier: then that comes first).
  await expect(page.locator('[data-testid="order-event"][data-topic="taobao_trade_TradeCreate"]')).toContainText('创建订单');
  await expect(page.locator('[data-testid="order-event"][data-topic="taobao_trade_TradeCreate"]')).toContainText('消息推送');
  await expect(page.getByTestId('order-messages')).toContainText('还没有为这笔订单发送过短信');
  await shot(page, 'orders-detail-1280');
  // Refresh asks the platform (the demo's simulator answers).
  await page.getByTestId('order-refresh').click();
  await expect(page.getByTestId('order-detail-source')).toHaveAttribute('data-source', 'platform');
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/orders$/);

  // The sync card: a fill-in runs against the demo's platform and ends done, with its figures.
  await page.getByTestId('orders-sync-start').click();
  await expect(page.getByTestId('orders-sync-job')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('orders-sync-job')).toContainText('次调用');
  await expect(page.getByTestId('orders-sync-facts')).not.toContainText('还没有补齐过');

  // Layout: both sizes, a full list and an empty one (a number no order has).
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.getByTestId('orders-search-tid').locator('input').fill('999999');
    await page.getByTestId('orders-search-tid').locator('input').press('Enter');
    await expect(page.getByTestId('orders-table')).toContainText('没有符合筛选条件的订单');
    await expectNoSidewaysScroll(page, `empty list ${size.width}`);
    expect((await page.getByTestId('status-bar').boundingBox())!.height).toBeLessThan(40);
    await shot(page, `orders-empty-${size.width}`);
    await page.getByTestId('orders-search-tid').locator('input').fill('');
    await page.getByTestId('orders-search-tid').locator('input').press('Enter');
    await page.getByTestId('orders-sync-card').scrollIntoViewIfNeeded();
    await shot(page, `orders-list-${size.width}`);
  }
});

let gw: TopGateway;
test.describe('code 11', () => {
  test.beforeAll(async () => {
    gw = await startTopGateway({ reviewDelayMs: null });
  });
  test.afterAll(async () => {
    await gw.close();
  });

  test('the platform refusing the trade APIs is said plainly, in 订单 and the status bar, and not retried', async ({ page, host }) => {
    gw.control.restrictTrades(true);
    await page.setViewportSize(SIZES[1]!);
    await createVault(page, host.url, PASSPHRASE);
    expect((await rpc(page, host.token, 'settings.saveTop', { ...gw.credentials, gatewayUrl: gw.url, signMethod: 'hmac-sha256' })).ok).toBe(true);
    await page.reload();
    await openOrders(page);
    await page.getByTestId('orders-sync-start').click();
    const blocked = page.getByTestId('orders-sync-blocked');
    await expect(blocked).toBeVisible({ timeout: 30_000 });
    await expect(blocked).toContainText('错误码 11');
    await expect(blocked).toContainText('重试也不会成功');
    await expect(blocked).toContainText('处理好后点“同步订单”再试');
    await expect(blocked).toContainText('不会自动重试');
    await expect(page.getByTestId('orders-sync-job')).toHaveAttribute('data-state', 'failed');
    await expect(page.getByTestId('status-orders')).toHaveAttribute('data-tone', 'blocked');
    await expect(page.getByTestId('status-orders')).toContainText('同步受限');
    // An empty list at the small size: no sideways scroll.
    await expect(page.getByTestId('orders-table')).toContainText('还没有订单');
    await expectNoSidewaysScroll(page, 'empty list 1024');
    await shot(page, 'orders-blocked-1024');

    // Nothing asks again by itself: the refused calls stay as they were while the page stays open and is reloaded.
    const tradeCalls = () =>
      Object.entries(gw.counters.callsByMethod)
        .filter(([name]) => name.startsWith('taobao.trade'))
        .reduce((n, [, c]) => n + c, 0);
    const refused = tradeCalls();
    expect(refused).toBeGreaterThan(0);
    await page.reload();
    await openOrders(page);
    await expect(page.getByTestId('orders-sync-blocked')).toBeVisible();
    await page.locator('.ant-menu-item[data-menu-id$="-overview"]').click();
    await expect(page.getByTestId('overview-orders')).toContainText('错误码 11');
    expect(tradeCalls()).toBe(refused);
  });
});
