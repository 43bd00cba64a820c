import { startMqSimulator, type MqSimulator } from '../sim/mq-http';
import { expect, test } from './host-fixture';

// The message poller end to end: setup screen → 测试连接 → poller runs → messages arrive; poison goes to diagnostics.
let sim: MqSimulator;
test.beforeAll(async () => {
  sim = await startMqSimulator({});
});
test.afterAll(async () => {
  await sim.close();
});

test('MQ setup, 测试连接, live poller status and quarantined messages', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByTestId('vault-passphrase').fill('passphrase-1');
  await page.getByTestId('vault-confirm').fill('passphrase-1');
  await page.getByTestId('vault-submit').click();

  // A trailing slash would make the SDK sign the wrong path; the app normalises it.
  await page.getByTestId('mq-endpoint').fill(`${sim.endpoint}/`);
  await page.getByTestId('mq-accessKeyId').fill(sim.accessKeyId);
  await page.getByTestId('mq-accessKeySecret').fill('wrong-secret-value');
  await page.getByTestId('mq-instanceId').fill(sim.instanceId);
  await page.locator('[data-testid="mq-topics"] input').fill(sim.topics[0]!);
  await page.keyboard.press('Enter');
  await page.getByTestId('mq-groupId').fill(sim.groups[0]!);
  await page.getByTestId('mq-save').click();

  // Wrong AccessKey Secret: the simulator checks the signature (403) and the seller is told so.
  await page.getByTestId('mq-test').click();
  await expect(page.getByTestId('mq-test-result')).toContainText('连接失败');
  await expect(page.getByTestId('mq-test-result')).toContainText('AccessKey');
  await expect(page.getByTestId('status-poller')).toContainText('重试等待');

  await page.getByTestId('mq-accessKeySecret').fill(sim.accessKeySecret);
  await page.getByTestId('mq-save').click();
  await page.getByTestId('mq-test').click();
  await expect(page.getByTestId('mq-test-result')).toContainText('连接成功');
  await expect(page.getByTestId('status-poller')).toContainText('接收中');

  // A body nobody can parse is acked and kept for diagnostics, rendered as inert text.
  sim.publish('<img src=x onerror="window.__pwned=1">not json', { tag: 'odd_tag' });
  sim.publishReply({ content: '好的，谢谢' });
  await expect(page.getByTestId('quarantine-card')).toContainText('odd_tag', { timeout: 15_000 });
  await expect(page.getByTestId('quarantine-card')).toContainText('<img src=x');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect.poll(() => sim.counters.acked, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('status-poller')).toContainText('接收中');
  expect(host.events.join('')).toContain('event: reply.received');
});
