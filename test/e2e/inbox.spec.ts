import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startMqSimulator, type MqSimulator } from '../../electron/sim/mq-http';
import { expect, test, type RunningHost } from './host-fixture';
import { shot, SERVER_CHAIN_MS } from './page-helpers';

// 收件箱 end to end in the browser host: a reply arrives over the MQ simulator → in-page notice and a Web
// Notification (permission granted by Playwright) → click → the thread with our SMS above the reply; hostile replies inert.
const BUYER = '13812345678';
const HOSTILE = '13900000009';

let sim: MqSimulator;
test.beforeAll(async () => {
  sim = await startMqSimulator({});
});
test.afterAll(async () => {
  await sim.close();
});

async function connect(page: Page, host: RunningHost) {
  await page.goto(host.url);
  await page.getByTestId('vault-passphrase').fill('passphrase-1');
  await page.getByTestId('vault-confirm').fill('passphrase-1');
  await page.getByTestId('vault-submit').click();
  await page.getByTestId('welcome-connect').click();
  await page.getByTestId('mq-endpoint').fill(sim.endpoint);
  await page.getByTestId('mq-accessKeyId').fill(sim.accessKeyId);
  await page.getByTestId('mq-accessKeySecret').fill(sim.accessKeySecret);
  await page.getByTestId('mq-instanceId').fill(sim.instanceId);
  await page.getByTestId('mq-topics').fill(sim.topics[0]!);
  await page.getByTestId('mq-groupId').fill(sim.groups[0]!);
  await page.getByTestId('mq-save-test').click();
  await expect(page.getByTestId('mq-test-result')).toContainText('连接成功', { timeout: 20_000 });
  await expect(page.getByTestId('status-poller')).toContainText('接收中', { timeout: 20_000 });
}

/** What the ledger leaves after a send: a campaign and an accepted recipient row (the inbox indexes it by trigger). */
function seedSent(host: RunningHost, phone: string, name: string) {
  const db = new Database(join(host.profileDir, 'jst-sms.db'));
  db.pragma('busy_timeout = 5000');
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const id = Number(
    db
      .prepare(
        "INSERT INTO campaigns (shop_id, name, kind, state, template_code, template_name, template_content, sign_name, created_at, updated_at) VALUES (1, '双十一预热', 'campaign', 'completed', 'SMS_1', '预热', '${name}您好，双十一全场五折，回T退订', '张三男装', ?, ?)",
      )
      .run(at, at).lastInsertRowid,
  );
  db.prepare(
    "INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status, vars, biz_id, submitted_at) VALUES (1, ?, 1, ?, 'accepted', ?, '1234^5678', ?)",
  ).run(id, phone, JSON.stringify({ name }), at);
  db.close();
}

test('a reply → in-page notice + Web Notification → click opens the thread with our SMS above the reply', async ({ page, host, context }) => {
  await context.grantPermissions(['notifications'], { origin: host.origin });
  // Records every Web Notification the page creates (the real API underneath, so Playwright's grant applies).
  await page.addInitScript(() => {
    const Real = window.Notification;
    const created: Notification[] = [];
    class Recorded extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        created.push(this);
      }
    }
    Object.defineProperty(window, 'Notification', { value: Recorded, configurable: true, writable: true });
    (window as unknown as { __notifications: Notification[] }).__notifications = created;
  });
  await connect(page, host);
  seedSent(host, BUYER, '王先生');

  // Turn on browser notifications in the inbox settings (permission is asked then; already granted here).
  await page.getByTestId('nav-inbox').click();
  await page.getByTestId('inbox-settings').click();
  await expect(page.getByTestId('inbox-locked-note')).toContainText('保险箱锁定时暂停接收');
  await page.getByTestId('web-notifications').click();
  await expect(page.getByTestId('web-notifications')).toHaveAttribute('aria-checked', 'true');
  await shot(page, 'inbox-settings');
  await page.getByTestId('inbox-settings-save').click();
  await expect(page.getByTestId('inbox-settings-save')).toBeHidden();

  await page.getByRole('menuitem').filter({ hasText: '模板与签名' }).click();
  sim.publishReply({ sender: BUYER, content: '什么时候发货？', sms_seq: 'e2e-1' });
  const notice = page.locator('.ant-notification-notice').filter({ hasText: '什么时候发货' });
  await expect(notice).toBeVisible({ timeout: SERVER_CHAIN_MS });
  await expect(notice).toContainText('138****5678');
  await expect(page.getByTestId('nav-inbox-badge')).toContainText('1');
  await expect.poll(() => page.title()).toContain('(1)');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __notifications: Notification[] }).__notifications.map((n) => n.title)))
    .toEqual(['买家回复 138****5678']);
  await shot(page, 'inbox-notice');

  // Clicking the Web Notification opens the thread.
  await page.evaluate(() => {
    const n = (window as unknown as { __notifications: Notification[] }).__notifications[0]!;
    n.onclick?.(new Event('click'));
  });
  await expect(page).toHaveURL(new RegExp(`#/inbox/${BUYER}$`));
  const thread = page.getByTestId('inbox-thread');
  await expect(thread.getByTestId('thread-phone')).toHaveText(BUYER);
  const sent = thread.getByTestId('bubble-sent');
  const reply = thread.getByTestId('bubble-reply');
  await expect(sent).toContainText('【张三男装】王先生您好，双十一全场五折，回T退订');
  await expect(sent).toContainText('已提交');
  await expect(reply).toContainText('什么时候发货？');
  const [sentBox, replyBox] = [await sent.boundingBox(), await reply.boundingBox()];
  expect(sentBox!.y).toBeLessThan(replyBox!.y);
  // Opening the thread marks it read.
  await expect(page.getByTestId('nav-inbox-badge')).not.toContainText('1');
  await shot(page, 'inbox-thread');

  // 疑似退订: flagged, never silent; one click confirms it into the 免打扰名单 as 退订 (marketing only).
  sim.publishReply({ sender: '13700000001', content: '请帮我退订，谢谢', sms_seq: 'e2e-2' });
  sim.publishReply({ sender: '13700000002', content: 'ＴＤ', sms_seq: 'e2e-3' });
  await page.getByTestId('thread-13700000001').click({ timeout: SERVER_CHAIN_MS });
  await expect(page.getByTestId('likely-banner')).toContainText('请帮我退订');
  await shot(page, 'inbox-likely');
  await page.getByTestId('confirm-optout').click();
  await expect(page.getByTestId('blocked-banner')).toContainText('退订（客户回复');
  await expect(page.getByTestId('blocked-banner')).toContainText('发货、物流等通知照常发送');
  // Opted out of marketing only: 发送模板 stays available (a notice may still go), 拉黑 is offered.
  await expect(page.getByTestId('send-template')).toBeEnabled();
  await expect(page.getByTestId('block')).toBeVisible();
  await expect(page.getByTestId('likely-banner')).toBeHidden();
  // A certain opt-out was suppressed on arrival.
  await page.getByTestId('thread-13700000002').click();
  await expect(page.getByTestId('blocked-banner')).toHaveAttribute('data-reason', 'optout');
  await expect(page.getByTestId('bubble-reply')).toContainText('已自动退订');
});

test('hostile replies render inert: no script runs, no request leaves, the layout holds', async ({ page, host }) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await connect(page, host);
  const hostile = [
    '<script>window.__pwned = "script"</script>',
    '<img src="http://127.0.0.1:9/x.png" onerror="window.__pwned = \'img\'">',
    '<svg onload="window.__pwned = \'svg\'"><circle r="10"/></svg>',
    '<a href="javascript:window.__pwned=\'link\'">点我领券</a> https://evil.example/phish',
    '\u202eتم الدفع gnp.exe\u202c 订单\u0007\u200b',
    '**粗体** [链接](https://evil.example) `code`',
    '长'.repeat(10_000),
  ];
  hostile.forEach((content, i) => sim.publishReply({ sender: HOSTILE, content, sms_seq: `h${i}` }));
  await page.getByTestId('nav-inbox').click();
  await page.getByTestId(`thread-${HOSTILE}`).click({ timeout: 20_000 });
  const messages = page.getByTestId('inbox-messages');
  await expect(messages.getByTestId('bubble-reply')).toHaveCount(hostile.length, { timeout: SERVER_CHAIN_MS });

  // Markup is text; nothing is an element.
  await expect(messages).toContainText('<script>window.__pwned = "script"</script>');
  await expect(messages).toContainText('<img src="http://127.0.0.1:9/x.png"');
  await expect(messages).toContainText('javascript:window.__pwned');
  await expect(messages).toContainText('**粗体** [链接](https://evil.example)');
  expect(await messages.locator('script, img, svg, a, iframe, object, embed').count()).toBe(0);
  // Controls visible, bidi isolated.
  await expect(messages).toContainText('[RLO]');
  await expect(messages).toContainText('\u2407');
  await expect(messages).toContainText('[ZWSP]');
  const isolation = await messages
    .locator('.inbox-inert-text')
    .first()
    .evaluate((el) => getComputedStyle(el).unicodeBidi);
  expect(isolation).toBe('isolate');
  // 10k characters collapsed behind 展开, and the layout holds.
  const expand = messages.getByTestId('inbox-expand');
  await expect(expand).toContainText('展开');
  await expect(expand).toContainText('10000');
  const overflow = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    thread: (() => {
      const el = document.querySelector('[data-testid="inbox-messages"]')!;
      return el.scrollWidth - el.clientWidth;
    })(),
  }));
  expect(overflow.page).toBeLessThanOrEqual(0);
  expect(overflow.thread).toBeLessThanOrEqual(0);
  await shot(page, 'inbox-hostile');
  await expand.click();
  await expect(messages).toContainText('收起');
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

  expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
  const foreign = requests.filter((u) => new URL(u).origin !== host.origin && !u.startsWith('data:'));
  expect(foreign).toEqual([]);
  expect(requests.some((u) => u.includes('x.png'))).toBe(false);

  // Locking the passphrase vault pauses receiving (the MQ keys are encrypted by it): said plainly, not silent.
  await page.getByTestId('lock-vault').click();
  await expect(page.getByTestId('vault-locked-paused')).toContainText('已锁定：暂停接收');
  await expect(page.getByTestId('vault-locked-paused')).toContainText('保险箱锁定时暂停接收');
  await shot(page, 'inbox-locked');
});

test('the in-page notice groups a burst under the live unread count, skips an opt-out reply, and a click closes it', async ({ page, host }) => {
  await connect(page, host);
  await page.getByRole('menuitem').filter({ hasText: '模板与签名' }).click();
  const notice = page.getByTestId('inbox-notice');
  sim.publishReply({ sender: '13700000001', content: '第一条', sms_seq: 'grp-1' });
  sim.publishReply({ sender: '13700000002', content: '第二条', sms_seq: 'grp-2' });
  sim.publishReply({ sender: '13700000003', content: '第三条', sms_seq: 'grp-3' });
  await expect(notice).toContainText('3 条未读回复', { timeout: SERVER_CHAIN_MS });
  await expect(notice).toContainText('来自 3 个号码');
  // A certain opt-out goes on the 免打扰名单 in the same batch: it raises no notice of its own, but the unread count the
  // notice shows follows the badge.
  sim.publishReply({ sender: '13700000004', content: 'TD', sms_seq: 'grp-4' });
  await expect(page.getByTestId('nav-inbox-badge')).toContainText('4', { timeout: SERVER_CHAIN_MS });
  await expect(notice).toContainText('4 条未读回复');
  await expect(notice).not.toContainText('TD');
  await expect(notice).toHaveCount(1);
  // Replies from several numbers lead to the unread threads, and the notice says so.
  await expect(notice.getByTestId('inbox-notice-action')).toHaveText('点击查看全部未读回复');
  await notice.click();
  await expect(page.getByTestId('inbox-notice')).toHaveCount(0);
  await expect(page).toHaveURL(/#\/inbox\/unread$/);
  await expect(page.getByTestId('inbox-filter').locator('.ant-segmented-item-selected')).toHaveText('未读');
  await expect(page.locator('[data-testid^="thread-137"]')).toHaveCount(4);
});
