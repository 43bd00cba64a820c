import { startMqSimulator, type MqSimulator } from '../../electron/sim/mq-http';
import { expect, test } from './host-fixture';
import { SERVER_CHAIN_MS } from './page-helpers';

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
  await page.getByTestId('welcome-connect').click();

  // A trailing slash would make the SDK sign the wrong path; the app normalises it.
  await page.getByTestId('mq-endpoint').fill(`${sim.endpoint}/`);
  await page.getByTestId('mq-accessKeyId').fill(sim.accessKeyId);
  await page.getByTestId('mq-accessKeySecret').fill('wrong-secret-value');
  await page.getByTestId('mq-instanceId').fill(sim.instanceId);
  // Typed, no Enter: the topic is kept.
  await page.getByTestId('mq-topics').fill(sim.topics[0]!);
  await page.getByTestId('mq-groupId').fill(sim.groups[0]!);
  await page.getByTestId('mq-save-test').click();

  // Wrong AccessKey Secret: the simulator checks the signature (403) and the seller is told so, once.
  await expect(page.getByTestId('mq-test-result')).toContainText('连接失败');
  expect(((await page.getByTestId('mq-test-result').textContent()) ?? '').match(/连接失败/g)).toHaveLength(1);
  await expect(page.getByTestId('mq-test-result')).toContainText('AccessKey');
  await expect(page.getByTestId('status-poller')).toContainText('重试等待');

  await page.getByTestId('mq-accessKeySecret').fill(sim.accessKeySecret);
  await page.getByTestId('mq-save-test').click();
  await expect(page.getByTestId('mq-test-result')).toContainText('连接成功');
  await expect(page.getByTestId('mq-topics')).toHaveValue(sim.topics[0]!);
  await expect(page.getByTestId('status-poller')).toContainText('接收中');

  // A body nobody can parse is acked and kept for diagnostics, rendered as inert text.
  sim.publish('<img src=x onerror="window.__pwned=1">not json', { tag: 'odd_tag' });
  sim.publishReply({ content: '好的，谢谢' });
  await expect(page.getByTestId('quarantine-card')).toContainText('odd_tag', { timeout: SERVER_CHAIN_MS });
  await expect(page.getByTestId('quarantine-card')).toContainText('<img src=x');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect.poll(() => sim.counters.acked, { timeout: SERVER_CHAIN_MS }).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('status-poller')).toContainText('接收中');
  expect(host.events.join('')).toContain('event: reply.received');
  await expect(page.getByTestId('quarantine-card')).toContainText('消息体不是 JSON');

  // In English the reason main stored in Chinese is shown by its code.
  await page.getByTestId('pref-language').click();
  await page.getByTitle('English').click();
  await expect(page.getByTestId('quarantine-card')).toContainText('The body is not JSON');
  await expect(page.getByTestId('quarantine-card')).not.toContainText('消息体不是 JSON');
});
