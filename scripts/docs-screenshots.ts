// `npm run docs:screenshots`: the user guide's pictures, taken from 体验演示模式 in Debian's Chromium with
// Playwright. Writes docs/images/*.png. Chinese and emoji need fonts Debian's Chromium lacks: installed with
// apt-get when running as root on Debian; otherwise the script says so and the pictures show boxes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startHost, stopHost } from '../test/helpers/browser-host';

const root = join(import.meta.dirname, '..');
// `-- --size 1024x700 --out <dir>`: the same pictures at another window size, for checking a layout (not for the guide).
const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const [width, height] = (argValue('--size') ?? '1280x800').split('x').map(Number) as [number, number];
const out = argValue('--out') ?? join(root, 'docs/images');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TEST_PHONE = '13812345678';
const PHONES = ['13900000000', '13900000005', '13900000012', '13900000017', '13900000023', '13900000001', '13900000002', '13900000004'];

ensureFonts();
if (!existsSync(executablePath)) fail(`Chromium not found at ${executablePath} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
run('npx', ['vite', 'build', '--logLevel', 'warn']);
mkdirSync(out, { recursive: true });

const host = await startHost({ CI: '1' });
const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', deviceScaleFactor: 1 });
  const page = await context.newPage();
  const shot = async (name: string) => {
    // Each picture shows its page from the top (typing into a field may have scrolled the content pane).
    await page.evaluate(() => document.querySelector('.app-content')?.scrollTo(0, 0));
    await page.waitForTimeout(600); // let charts, badges and transitions settle
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(`docs/images/${name}.png`);
  };
  const field = (id: string) => page.locator(`input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input`).first();
  const menu = (key: string) => page.locator(`.ant-menu-item[data-menu-id$="-${key}"]`).click();

  await page.goto(host.url);
  await field('vault-passphrase').fill('docs-passphrase');
  await field('vault-confirm').fill('docs-passphrase');
  await page.getByTestId('vault-submit').click();
  await page.getByTestId('welcome').waitFor();
  await shot('01-welcome');
  await page.getByTestId('welcome-demo').click();
  await page.getByTestId('demo-banner').waitFor({ timeout: 30_000 });
  // The marketing template's approval (~10 s after the demo starts) raises a notice; closed first so it covers no picture.
  const approved = page.getByTestId('audit-notice').first();
  await approved.waitFor({ timeout: 30_000 });
  await approved.locator('.ant-notification-notice-close').click();
  await approved.waitFor({ state: 'detached' });

  // 发一条测试短信 from the demo banner: delivered on its send page, then the buyer's reply notice opens the thread.
  await page.getByTestId('demo-test-send').click();
  await field('demo-test-phone').fill(TEST_PHONE);
  await shot('01-demo-test-send');
  await page.getByTestId('demo-test-submit').click();
  await page.locator('[data-testid="send-done"] [data-testid="delivery-delivered"][data-value="1"]').waitFor({ timeout: 30_000 });
  await page.getByTestId('inbox-notice').first().waitFor({ timeout: 30_000 });
  await shot('01-demo-test-delivered');
  await page.getByTestId('inbox-notice').first().click();
  await page.getByTestId('inbox-thread').waitFor();

  await menu('settings');
  await page.getByTestId('top-card').waitFor();
  await shot('02-setup');
  await menu('templates');
  await page.waitForTimeout(1_000);
  await shot('03-templates');

  await menu('send');
  await page.getByTestId('new-campaign').click();
  await field('paste-box').fill(PHONES.join('\n'));
  await page.getByTestId('paste-recognise').click();
  await page.getByTestId('mapping-template').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '发货通知' }).first().click();
  await shot('04-send-recipients');
  await page.getByTestId('import-recipients').click();
  await page.getByTestId('import-summary').waitFor();
  await page.getByTestId('recipients-next').click();
  await field('signature-input').fill('演示旗舰店');
  await field('constant-item').fill('羊毛大衣');
  await field('constant-waybill').fill('SF1234567890');
  await shot('05-send-content');
  await page.getByTestId('content-next').click();
  await page.locator('[data-testid="check-ready"][data-ready="true"]').waitFor();
  await shot('06-send-check');
  await page.getByTestId('check-next').click();
  await page.getByTestId('start-send').click();
  await page.getByTestId('confirm-send').click();
  await page.getByTestId('send-done').waitFor({ timeout: 60_000 });
  await shot('07-send-done');

  // Reports and replies from the simulated buyers arrive within ~10 s.
  await page.getByTestId('inbox-notice').first().waitFor({ timeout: 30_000 });
  // Every simulated buyer answers its first SMS: the picture shows the whole burst, badge and notice agreeing.
  await page.getByTestId('nav-inbox-badge').getByText(String(PHONES.length), { exact: true }).first().waitFor({ timeout: 30_000 });
  await shot('08-reply-notice');
  await page.waitForTimeout(6_000);
  await menu('history');
  await page.getByTestId('chart-daily').waitFor();
  await shot('09-history');
  await page.locator('[data-testid^="history-open-"]').first().click();
  await page.getByTestId('chart-over-time').waitFor();
  await shot('10-history-detail');
  await menu('inbox');
  await page.getByTestId('inbox-page').waitFor();
  // The newest thread (top of the list): the wizard's SMS above the buyer's reply.
  await page.locator('[data-testid^="thread-1"]').first().click();
  await page.getByTestId('inbox-thread').waitFor();
  await shot('11-inbox');
  await menu('suppression');
  await page.getByTestId('suppression-page').waitFor();
  await shot('12-suppression');
  await menu('overview');
  await page.getByTestId('overview-today').waitFor();
  await shot('00-overview');
} finally {
  await browser.close();
  await stopHost(host);
}

function ensureFonts() {
  const hasCjk = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).stdout?.trim();
  if (hasCjk) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('Installing fonts-noto-cjk and fonts-noto-color-emoji (Debian) …');
    spawnSync('apt-get', ['install', '-y', '-qq', 'fonts-noto-cjk', 'fonts-noto-color-emoji'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } else {
    console.warn(
      'No Chinese font found and cannot install one here (needs root on Debian: apt-get install fonts-noto-cjk fonts-noto-color-emoji). Screenshots will show boxes for Chinese text.',
    );
  }
}

function run(cmd: string, args: string[]) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail(`${cmd} ${args.join(' ')} failed`);
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
