import type { Page } from '@playwright/test';
import { createServer } from 'node:net';
import { DEMO_CREDENTIALS, startTopGateway, type TopGateway } from '../sim/top-gateway';
import { expect, startHost, stopHost, test } from './host-fixture';

const PASSPHRASE = 'seller-passphrase-1';
const CREATE = 'taobao.jst.sms.template.create';

/** A port nothing listens on yet; the simulator is started on it later ("the network comes back"). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function rpc(page: Page, token: string, method: string, input: unknown) {
  return page.evaluate(
    async ([t, m, i]) => {
      const response = await fetch('/api/rpc', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-JST-Token': t as string }, body: JSON.stringify({ method: m, input: i }) });
      return response.json();
    },
    [token, method, input] as const,
  );
}

test('offline draft → lint → reload → queued submit goes out when the gateway is back → approval shows without refresh', async ({ page }) => {
  const port = await freePort();
  // Short background intervals so the test sees the retry and the audit poll quickly.
  const host = await startHost({ JST_AUDIT_POLL_MS: '300,600', JST_OUTBOX_RETRY_MS: '300,600' });
  let gw: TopGateway | undefined;
  try {
    await page.goto(host.url);
    await page.getByTestId('vault-passphrase').fill(PASSPHRASE);
    await page.getByTestId('vault-confirm').fill(PASSPHRASE);
    await page.getByTestId('vault-submit').click();
    await expect(page.getByTestId('top-card')).toBeVisible();
    const saved = await rpc(page, host.token, 'settings.saveTop', { ...DEMO_CREDENTIALS, gatewayUrl: `http://127.0.0.1:${port}/router/rest`, signMethod: 'hmac-sha256' });
    expect(saved.ok).toBe(true);

    await page.getByRole('menuitem', { name: '模板与签名' }).click();
    await expect(page.getByTestId('templates-page')).toBeVisible();
    await page.getByTestId('new-template').click();

    // Draft a marketing template with no network at all.
    await page.getByTestId('template-name').fill('春季上新');
    await page.getByTestId('template-type').click();
    await page.getByTitle('推广短信').click();
    await page.getByTestId('template-content').fill('亲，春季新品上架，全场8折，戳 ${url} 抢先看');
    await page.getByTestId('template-remark').fill('给近 90 天购买过的老客户发送上新活动');
    await page.getByTestId('sample-url').locator('input').fill('https://s.tb.cn/Y9.X8sU');
    await expect(page.getByTestId('phone-bubble')).toContainText('戳 https://s.tb.cn/Y9.X8sU 抢先看');

    // Lint flags the missing opt-out text; fixing it clears the finding.
    await expect(page.getByTestId('lint-unsubscribe-missing')).toBeVisible();
    await expect(page.getByTestId('lint-unsubscribe-missing')).toContainText('退订');
    await page.getByTestId('insert-unsubscribe').click();
    await expect(page.getByTestId('template-content')).toHaveValue('亲，春季新品上架，全场8折，戳 ${url} 抢先看，回T退订');
    await expect(page.getByTestId('lint-unsubscribe-missing')).toHaveCount(0);
    await expect(page.getByTestId('sms-counter')).toContainText('计费 1 条');
    await expect(page.getByTestId('save-indicator')).toHaveAttribute('data-state', 'saved');
    await page.screenshot({ path: 'test-results/templates-editor.png', fullPage: true });

    // Reload: the draft is still there (local DB), not submitted.
    await page.reload();
    const row = page.locator('[data-testid^="template-row-"]', { hasText: '春季上新' });
    await expect(row.getByTestId('status-chip')).toHaveText('待提交');
    await row.click();
    await expect(page.getByTestId('template-content')).toHaveValue('亲，春季新品上架，全场8折，戳 ${url} 抢先看，回T退订');

    // Submit while the gateway is down: queued as 待联网提交.
    await page.getByTestId('submit-template').click();
    await expect(page.getByTestId('template-status')).toHaveText('待联网提交');
    await expect(page.getByTestId('outbox-banner')).toContainText('春季上新');
    await expect(page.getByTestId('status-network')).toContainText('离线');
    await page.screenshot({ path: 'test-results/templates-queued.png', fullPage: true });

    // The gateway comes back: the queued submit goes out by itself, exactly once.
    gw = await startTopGateway({ port });
    await expect(page.getByTestId('template-status')).toHaveText('审核中', { timeout: 15_000 });
    await expect(page.getByTestId('outbox-banner')).toHaveCount(0);
    const code = (await page.getByTestId('template-code').innerText()).trim();
    expect(code).toMatch(/^SMS_\d+$/);
    expect(gw.control.template(code)).toMatchObject({ type: 2, content: '亲，春季新品上架，全场8折，戳 ${url} 抢先看，回T退订' });

    // The platform approves (control API, as a reviewer would): the chip turns without a manual refresh.
    const approve = await fetch(`${gw.controlUrl}/templates/${code}/approve`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(approve.ok).toBe(true);
    await expect(page.getByTestId('template-status')).toHaveText('已通过', { timeout: 10_000 });
    await expect(page.getByText('模板“春季上新”已通过审核')).toBeVisible();
    expect(gw.counters.callsByMethod[CREATE]).toBe(1);
    await page.screenshot({ path: 'test-results/templates-approved.png', fullPage: true });

    await page.getByTestId('back-to-list').click();
    await expect(row.getByTestId('status-chip')).toHaveText('已通过');
    expect(gw.counters.callsByMethod[CREATE]).toBe(1);
  } finally {
    await gw?.close();
    await stopHost(host);
  }
});
