import { createServer } from 'node:net';
import { DEMO_CREDENTIALS, startTopGateway, type TopGateway } from '../../electron/sim/top-gateway';
import { expect, startHost, stopHost, test } from './host-fixture';
import { rpc, SERVER_CHAIN_MS } from './page-helpers';

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
    await expect(page.getByTestId('welcome')).toBeVisible();
    const saved = await rpc(page, host.token, 'settings.saveTop', {
      ...DEMO_CREDENTIALS,
      gatewayUrl: `http://127.0.0.1:${port}/router/rest`,
      signMethod: 'hmac-sha256',
    });
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
    await expect(page.getByTestId('template-status')).toHaveText('审核中', { timeout: SERVER_CHAIN_MS });
    await expect(page.getByTestId('outbox-banner')).toHaveCount(0);
    const code = (await page.getByTestId('template-code').innerText()).trim();
    expect(code).toMatch(/^SMS_\d+$/);
    expect(gw.control.template(code)).toMatchObject({ type: 2, content: '亲，春季新品上架，全场8折，戳 ${url} 抢先看，回T退订' });

    // The platform approves (control API, as a reviewer would): the chip turns without a manual refresh.
    const approve = await fetch(`${gw.controlUrl}/templates/${code}/approve`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(approve.ok).toBe(true);
    await expect(page.getByTestId('template-status')).toHaveText('已通过', { timeout: SERVER_CHAIN_MS });
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

test('polish: import checks the code first, an approved import shows no draft-only errors, one lint line per rule, notices never cover the editor buttons', async ({
  page,
}) => {
  const gw = await startTopGateway({ reviewDelayMs: null });
  const host = await startHost({ JST_AUDIT_POLL_MS: '300,600', JST_OUTBOX_RETRY_MS: '300,600' });
  try {
    const approved = gw.control.seedTemplate({
      name: '发货通知',
      content: '${buyerNick}您好，您的订单已发货，物流单号${outSid}。',
      type: 1,
      status: 'approved',
    });
    const inReview = gw.control.seedTemplate({ name: '催付提醒', content: '${buyerNick}您好，您的订单还未付款。', type: 1, status: 'pending' });
    const other = gw.control.seedTemplate({ name: '签收提醒', content: '${buyerNick}您好，您的包裹已签收。', type: 1, status: 'pending' });
    await page.goto(host.url);
    await page.getByTestId('vault-passphrase').fill(PASSPHRASE);
    await page.getByTestId('vault-confirm').fill(PASSPHRASE);
    await page.getByTestId('vault-submit').click();
    await expect(page.getByTestId('welcome')).toBeVisible();
    expect((await rpc(page, host.token, 'settings.saveTop', { ...gw.credentials, gatewayUrl: gw.url, signMethod: 'hmac-sha256' })).ok).toBe(true);
    await page.getByRole('menuitem', { name: '模板与签名' }).click();

    // A code of the wrong shape is refused with a reason before anything is queried.
    await page.getByTestId('import-template').click();
    await page.getByTestId('import-code').fill(approved.replace('SMS_', ''));
    await page.getByTestId('import-code').press('Enter');
    await expect(page.getByTestId('import-code-error')).toHaveText(`模板 Code 以 SMS_ 开头，例如 ${approved}`);
    await page.getByTestId('import-code').fill('模板一');
    await page.getByTestId('import-code').press('Enter');
    await expect(page.getByTestId('import-code-error')).toContainText('SMS_ 加数字');
    expect(gw.counters.callsByMethod['taobao.jst.sms.template.query'] ?? 0).toBe(0);

    // The right code imports; the approved template carries no remark, and no draft-only error is shown for it.
    await page.getByTestId('import-code').fill(approved);
    await page.getByTestId('import-code').press('Enter');
    await expect(page.getByTestId('template-status')).toHaveText('已通过');
    await expect(page.getByTestId('lint-panel')).toBeVisible();
    await expect(page.getByTestId('lint-template-remark-missing')).toHaveCount(0);
    await expect(page.getByTestId('lint-panel').locator('[data-severity="error"]')).toHaveCount(0);
    await page.getByTestId('back-to-list').click();

    // A template rejected while its editor is open: the banner says it; no notice lies over the buttons.
    for (const code of [inReview, other]) {
      await page.getByTestId('import-template').click();
      await page.getByTestId('import-code').fill(code);
      await page.getByTestId('import-code').press('Enter');
      await expect(page.getByTestId('template-status')).toHaveText('审核中');
      await page.getByTestId('back-to-list').click();
    }
    await page.locator('[data-testid^="template-row-"]', { hasText: '催付提醒' }).click();
    await expect(page.getByTestId('template-status')).toHaveText('审核中');
    await fetch(`${gw.controlUrl}/templates/${inReview}/reject`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: '模板内容与使用场景不符' }),
    });
    await expect(page.getByTestId('rejection-reason')).toContainText('模板内容与使用场景不符', { timeout: SERVER_CHAIN_MS });
    // Another template is rejected meanwhile: its notice shows, clear of the editor's bar.
    await fetch(`${gw.controlUrl}/templates/${other}/reject`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: '签收提醒不符合规范' }),
    });
    const otherNotice = page.getByTestId('audit-notice').filter({ hasText: '签收提醒' });
    await expect(otherNotice).toBeVisible({ timeout: SERVER_CHAIN_MS });
    // By now the open template's own notice would be there too: it is gone, or on its way out (antd keeps a
    // dismissed notice in the DOM while it fades).
    await expect(page.locator('[data-testid="audit-notice"]:not(.ant-notification-fade-leave)').filter({ hasText: '催付提醒' })).toHaveCount(0);
    for (const id of ['submit-template', 'delete-template', 'duplicate-template', 'back-to-list']) {
      // What lies at the button's centre is the button itself (a disabled one included), not a notice.
      const onTop = await page.getByTestId(id).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
      });
      expect(onTop, id).toBe(true);
    }
    if (process.env.JST_SHOTS_DIR) await page.screenshot({ path: `${process.env.JST_SHOTS_DIR}/editor-notice-1280x720.png` });
    const notice = (await otherNotice.boundingBox())!;
    const bar = (await page.getByTestId('editor-bar').boundingBox())!;
    // Notices start below the bar (a longer reason grows downwards, never over the buttons).
    expect(notice.y).toBeGreaterThanOrEqual(bar.y + bar.height);

    // Signature lint: "不能含<" once, however often the character appears.
    await page.getByTestId('back-to-list').click();
    await page.getByRole('tab', { name: '签名' }).click();
    await page.getByTestId('new-signature').click();
    await page.getByTestId('signature-name').fill('张<三<男装<');
    await expect(page.getByTestId('lint-signature-brackets')).toHaveCount(1);
    await expect(page.getByTestId('lint-signature-brackets')).toContainText('签名不能含"<"：');
  } finally {
    await stopHost(host);
    await gw.close();
  }
});
