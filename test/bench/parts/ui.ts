// First render of the browser host in Chromium, cold loads, median of 5 — against a bare baseline page served by
// the same kind of static server in the same run (the floor: navigation, one script, React mounting nothing).
//  1. time from navigation to the first screen (the vault gate) being visible; goal < 1 s.
//  2. JavaScript bytes fetched before that screen (initial chunks only; lazy pages load later); goal < 800 KB.
// Needs a renderer build (`npx vite build`) and Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { startHost, stopHost } from '../../helpers/browser-host';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { BenchResult } from '../types';

const RUNS = 5;
const root = resolve(import.meta.dirname, '../../..');
const rendererDir = join(root, 'out/renderer');

export async function run({ log }: { log: (message: string) => void }): Promise<BenchResult[]> {
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('out/renderer missing: run `npx vite build` first');
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const host = await startHost({ CI: '1' });
  const bare = await startBarePage();
  try {
    const ours = { ms: [] as number[], js: [] as number[] };
    const base = { ms: [] as number[], js: [] as number[] };
    for (let r = 0; r < RUNS; r++) {
      const a = await coldLoad(browser, host.url, '[data-testid="vault-passphrase"]');
      const b = await coldLoad(browser, bare.url, '#ready');
      ours.ms.push(a.ms);
      ours.js.push(a.jsBytes);
      base.ms.push(b.ms);
      base.js.push(b.jsBytes);
      log(`run ${r + 1}: ours ${a.ms.toFixed(0)} ms / ${(a.jsBytes / 1024).toFixed(0)} KB JS, bare ${b.ms.toFixed(0)} ms`);
    }
    const oursMs = median(ours.ms);
    const baseMs = median(base.ms);
    const oursKb = median(ours.js) / 1024;
    const baseKb = Math.max(1, median(base.js) / 1024);
    return [
      {
        name: 'ui: first render (cold, median)',
        ours: round(oursMs),
        baseline: round(baseMs),
        ratio: oursMs / baseMs,
        unit: 'ms',
        runs: RUNS,
        goal: 'ours < 1000 ms',
      },
      { name: 'ui: initial JavaScript', ours: round(oursKb), baseline: round(baseKb), ratio: oursKb / baseKb, unit: 'KB', runs: RUNS, goal: 'ours < 800 KB' },
    ];
  } finally {
    await browser.close();
    await stopHost(host);
    await bare.close();
  }
}

async function coldLoad(browser: Browser, url: string, readySelector: string): Promise<{ ms: number; jsBytes: number }> {
  const context = await browser.newContext(); // new context = empty cache
  const page = await context.newPage();
  let jsBytes = 0;
  let counting = true;
  page.on('response', (response) => {
    if (!counting || !response.url().endsWith('.js')) return;
    void response.body().then(
      (body) => (jsBytes += body.length),
      () => undefined,
    );
  });
  const started = performance.now();
  await page.goto(url);
  await page.waitForSelector(readySelector, { state: 'visible', timeout: 30_000 });
  const ms = performance.now() - started;
  counting = false;
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await context.close();
  return { ms, jsBytes };
}

/** Baseline: one tiny script that marks the page ready, from a plain loopback server. */
async function startBarePage(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'jst-bench-bare-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><div id="root"></div><script src="app.js"></script></body></html>');
  writeFileSync(join(dir, 'app.js'), "document.getElementById('root').innerHTML = '<p id=\"ready\">ready</p>';");
  const server = http.createServer((req, res) => {
    const file = req.url === '/app.js' ? 'app.js' : 'index.html';
    res.setHeader('Content-Type', file.endsWith('.js') ? 'text/javascript' : 'text/html');
    res.end(readFileSync(join(dir, file)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
function round(n: number): number {
  return Math.round(n * 10) / 10;
}
