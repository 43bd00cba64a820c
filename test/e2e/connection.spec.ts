import { startTopGateway, type TopGateway } from '../../electron/sim/top-gateway';
import { expect, test } from './host-fixture';

// 保存并测试 on the setup screen saves, then goes through the real TOP client to the strict simulator.
let gateway: TopGateway;
test.beforeAll(async () => {
  gateway = await startTopGateway({ reviewDelayMs: null });
});
test.afterAll(async () => {
  await gateway.close();
});

test('TOP 保存并测试 tells the seller once and plainly what is wrong, then succeeds', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByTestId('vault-passphrase').fill('passphrase-1');
  await page.getByTestId('vault-confirm').fill('passphrase-1');
  await page.getByTestId('vault-submit').click();
  await page.getByTestId('welcome-connect').click();

  // Saved with a wrong App Secret: the simulator really checks the signature (code 25).
  await page.getByTestId('top-appKey').fill(gateway.credentials.appKey);
  await page.getByTestId('top-appSecret').fill('not-the-right-secret');
  await page.getByTestId('top-session').fill(gateway.credentials.session);
  await page.getByTestId('top-gatewayUrl').fill(gateway.url);
  await page.getByTestId('top-save-test').click();
  const result = page.getByTestId('top-test-result');
  await expect(result).toContainText('连接失败');
  await expect(result).toContainText('App Secret');
  // The verdict is said once (not "连接失败 / 连接失败：…").
  expect(((await result.textContent()) ?? '').match(/连接失败/g)).toHaveLength(1);
  await expect(page.getByTestId('top-test-result')).toHaveCount(1);
  // The gateway answered but refused the credentials: not 在线.
  await expect(page.getByTestId('status-network')).toContainText('已连通但认证失败');
  await expect(page.getByTestId('status-network')).not.toContainText('在线');
  if (process.env.JST_SHOTS_DIR) {
    await page.getByTestId('top-save-test').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${process.env.JST_SHOTS_DIR}/setup-top-failed-${page.viewportSize()?.width}.png` });
  }

  // Fix the secret only; the other values are kept.
  await page.getByTestId('top-appSecret').fill(gateway.credentials.appSecret);
  await page.getByTestId('top-save-test').click();
  await expect(result).toContainText('连接成功');
  expect(((await result.textContent()) ?? '').match(/连接成功/g)).toHaveLength(1);
  await expect(page.getByTestId('status-network')).toContainText('在线');

  // An expired session is named as such.
  gateway.control.inject('*', { kind: 'invalid-session' }, { times: 1 });
  await page.getByTestId('top-save-test').click();
  await expect(result).toContainText('sessionKey');
  await expect(page.getByTestId('status-network')).toContainText('已连通但认证失败');

  // Unreachable gateway: the seller hears it is the network (the secrets must be typed again for a new origin).
  await page.getByTestId('top-gatewayUrl').fill('http://127.0.0.1:9/router/rest');
  await page.getByTestId('top-appSecret').fill(gateway.credentials.appSecret);
  await page.getByTestId('top-session').fill(gateway.credentials.session);
  await page.getByTestId('top-save-test').click();
  await expect(result).toContainText('连接失败');
  await expect(page.getByTestId('status-network')).toContainText('离线');
});

test('each credential says where it comes from, with a link that opens outside the app', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByTestId('vault-passphrase').fill('passphrase-1');
  await page.getByTestId('vault-confirm').fill('passphrase-1');
  await page.getByTestId('vault-submit').click();
  await page.getByTestId('welcome-connect').click();
  const expected: Array<[string, RegExp, string]> = [
    ['appKey', /开放平台控制台 → 应用管理/, 'https://open.taobao.com/'],
    ['appSecret', /开放平台控制台 → 应用管理/, 'https://open.taobao.com/'],
    ['session', /店铺授权/, 'https://open.taobao.com/'],
    ['endpoint', /实例详情/, 'https://ons.console.aliyun.com/'],
    ['instanceId', /实例详情/, 'https://ons.console.aliyun.com/'],
    ['topics', /聚石塔控制台 → 消息同步/, 'https://jst.taobao.com/'],
    ['groupId', /聚石塔控制台 → 消息同步/, 'https://jst.taobao.com/'],
  ];
  for (const [field, text, href] of expected) {
    const help = page.getByTestId(`help-${field}`);
    await expect(help).toContainText(text);
    const link = help.getByRole('link');
    await expect(link).toHaveAttribute('href', new RegExp(`^${href.replace(/[./]/g, '\\$&')}`));
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  }
});
