import { expect, startHost, stopHost, test } from './host-fixture';

// The browser host says plainly when the local service stops, and when a new launch took its place (the old tab's
// token is stale), instead of showing a green status bar over a dead site.
test('service stopped → 本机服务已停止; restarted on the same port → 程序已重新启动，请打开新地址', async ({ page }) => {
  test.setTimeout(90_000);
  const first = await startHost();
  const port = new URL(first.url).port;
  await page.goto(first.url);
  await expect(page.getByTestId('vault-passphrase')).toBeVisible();
  await expect(page.getByTestId('host-connection')).toHaveCount(0);

  await stopHost(first);
  await expect(page.getByTestId('host-connection')).toContainText('本机服务已停止', { timeout: 20_000 });

  const second = await startHost({ JST_HOST_PORT: port });
  try {
    await expect(page.getByTestId('host-connection')).toContainText('程序已重新启动，请打开新地址', { timeout: 30_000 });
    // The new address works (a fresh load: the old and new URLs differ only in the fragment).
    await page.goto('about:blank');
    await page.goto(second.url);
    await expect(page.getByTestId('vault-passphrase')).toBeVisible();
    await expect(page.getByTestId('host-connection')).toHaveCount(0);
  } finally {
    await stopHost(second);
  }
});
