import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

// What several e2e specs do with a page: call the contract as the renderer would, reach antd inputs, pick select
// options, and take screenshots for a person to look at (only when JST_SHOTS_DIR is set, so CI writes nothing).

/** POST /api/rpc with the page's token; resolves to the envelope {ok, result | error}. */
export async function rpc(page: Page, token: string, method: string, input?: unknown): Promise<{ ok: boolean; result?: any; error?: unknown }> {
  return page.evaluate(
    async ([t, m, i]) => {
      const response = await fetch('/api/rpc', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-JST-Token': t },
        body: JSON.stringify({ method: m, input: i }),
      });
      return response.json();
    },
    [token, method, input] as const,
  );
}

/** The result of a call that must succeed. */
export async function rpcResult<T = unknown>(page: Page, token: string, method: string, input?: unknown): Promise<T> {
  const answer = await rpc(page, token, method, input);
  if (!answer.ok) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
  return answer.result as T;
}

/** The <input>/<textarea> of an antd field, whichever element got the data-testid. */
export function field(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], textarea[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

async function submitNewVault(page: Page, url: string, passphrase: string) {
  await page.goto(url);
  await field(page, 'vault-passphrase').fill(passphrase);
  await field(page, 'vault-confirm').fill(passphrase);
  await page.getByTestId('vault-submit').click();
}

/** First start: opens the app, creates the vault with this passphrase and waits for the welcome screen. */
export async function createVault(page: Page, url: string, passphrase: string) {
  await submitNewVault(page, url, passphrase);
  await expect(page.getByTestId('welcome')).toBeVisible();
}

/** First start straight into 体验演示模式: resolves once the demo banner shows (its simulators can take a while). */
export async function enterDemo(page: Page, url: string, passphrase: string) {
  await submitNewVault(page, url, passphrase);
  await page.getByTestId('welcome-demo').click();
  await expect(page.getByTestId('demo-banner')).toBeVisible({ timeout: 30_000 });
}

export async function pickOption(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
}

export const SHOTS_DIR = process.env.JST_SHOTS_DIR ?? null;

/** Screenshot `name`; no-op unless JST_SHOTS_DIR is set. */
export async function shot(page: Page, name: string) {
  if (!SHOTS_DIR) return;
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`) });
}

/** Both layouts the app must fit, a laptop and a small window; no-op unless JST_SHOTS_DIR is set. */
export async function shootBoth(page: Page, name: string) {
  if (!SHOTS_DIR) return;
  await shot(page, `${name}-1280`);
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.waitForTimeout(300);
  await shot(page, `${name}-1024`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForTimeout(300);
}

/**
 * A page's first visit: its code chunk loads, parses and renders, then its first calls answer. On a loaded 2-core CI
 * machine that took over 10 s (polish-layout's 发送), so first-visit expectations wait this long.
 */
export const PAGE_LOAD_MS = 30_000;

/**
 * What the page shows only after a server chain (MQ poll → ingest → event → refetch, or a TOP poll → event → refetch):
 * on a loaded CI machine the demo's took over 10 s, so such expectations wait this long.
 */
export const SERVER_CHAIN_MS = 30_000;
