import { startTopGateway, type TopGateway } from '../sim/top-gateway';
import { expect, test } from './host-fixture';

// 测试连接 on the setup screen goes through the real TOP client to the strict simulator.
let gateway: TopGateway;
test.beforeAll(async () => {
  gateway = await startTopGateway({ reviewDelayMs: null });
});
test.afterAll(async () => {
  await gateway.close();
});

test('TOP 测试连接 tells the seller plainly what is wrong, then succeeds', async ({ page, host }) => {
  await page.goto(host.url);
  await page.getByTestId('vault-passphrase').fill('passphrase-1');
  await page.getByTestId('vault-confirm').fill('passphrase-1');
  await page.getByTestId('vault-submit').click();

  // Saved with a wrong App Secret: the simulator really checks the signature (code 25).
  await expect(page.getByTestId('top-test')).toBeDisabled();
  await page.getByTestId('top-appKey').fill(gateway.credentials.appKey);
  await page.getByTestId('top-appSecret').fill('not-the-right-secret');
  await page.getByTestId('top-session').fill(gateway.credentials.session);
  await page.getByTestId('top-gatewayUrl').fill(gateway.url);
  await page.getByTestId('top-save').click();
  await page.getByTestId('top-test').click();
  await expect(page.getByTestId('top-test-result')).toContainText('连接失败');
  await expect(page.getByTestId('top-test-result')).toContainText('App Secret');
  await expect(page.getByTestId('status-network')).toContainText('在线');

  // Fix the secret only; the other values are kept.
  await page.getByTestId('top-appSecret').fill(gateway.credentials.appSecret);
  await page.getByTestId('top-save').click();
  await page.getByTestId('top-test').click();
  await expect(page.getByTestId('top-test-result')).toContainText('连接成功');

  // An expired session is named as such.
  gateway.control.inject('*', { kind: 'invalid-session' }, { times: 1 });
  await page.getByTestId('top-test').click();
  await expect(page.getByTestId('top-test-result')).toContainText('sessionKey');

  // Unreachable gateway: the seller hears it is the network.
  await page.getByTestId('top-gatewayUrl').fill('http://127.0.0.1:9/router/rest');
  await page.getByTestId('top-save').click();
  await page.getByTestId('top-test').click();
  await expect(page.getByTestId('top-test-result')).toContainText('连接失败');
  await expect(page.getByTestId('status-network')).toContainText('离线');
});
