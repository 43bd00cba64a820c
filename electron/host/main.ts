// Browser host entry: `npm start` falls back to this when no Electron binary can run.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/errors';
import { createCore, type Core } from '../core/app-core';
import { systemClock } from '../core/clock';
import { resolveProfileDir } from '../core/profile';
import { damagedAdvice, setAsideDamaged } from '../core/profile-damage';
import { logUnhandledRejections } from '../core/process-guards';
import { createSwitchableCore } from '../demo/switcher';
import { startOnRememberedPort } from './port';
import { startBrowserHost } from './server';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const rendererDir = process.env.JST_RENDERER_DIR ?? join(root, 'out/renderer');
if (!existsSync(join(rendererDir, 'index.html'))) {
  console.error(`Renderer build not found in ${rendererDir}. Run \`npm run build:web\` first.`);
  process.exit(1);
}

const profileDir = resolveProfileDir();
const openCore = () =>
  // One core object for the host; 体验演示模式 swaps what is behind it (`npm run demo` starts there).
  createSwitchableCore({
    createCore,
    startInDemo: process.env.JST_DEMO === '1',
    options: { host: 'browser', profileDir, vaultBackend: () => ({ kind: 'passphrase' }), passphrase: process.env.JST_SMS_PASSPHRASE || undefined },
  });
let core: Core;
try {
  core = await openCore().catch(async (error: unknown) => {
    // A damaged database/settings file is set aside (kept, renamed) only when the seller asked for a fresh start.
    const file = error instanceof AppError && error.code === 'PROFILE_DAMAGED' ? error.detail?.file : undefined;
    if (typeof file !== 'string' || process.env.JST_SMS_FRESH_START !== '1') throw error;
    console.error(`已将损坏的文件移到 ${setAsideDamaged(file, systemClock.now())}，以新文件启动。`);
    return openCore();
  });
} catch (error) {
  // Headless start (JST_SMS_PASSPHRASE): a wrong passphrase or a damaged vault is the seller's to fix, not a crash.
  if (!(error instanceof AppError)) throw error;
  console.error(`无法启动：${error.message}`);
  if (error.code === 'WRONG_PASSPHRASE') console.error('请检查环境变量 JST_SMS_PASSPHRASE，或不设置它、在浏览器中输入口令。');
  if (error.code === 'VAULT_CORRUPT') console.error(`资料目录：${profileDir}。可以不设置 JST_SMS_PASSPHRASE 启动，在解锁页面选择“重置保险箱”。`);
  if (error.code === 'PROFILE_DAMAGED') {
    console.error(damagedAdvice(error));
    console.error('以新的空文件启动（原文件保留）：设置环境变量 JST_SMS_FRESH_START=1 后重新启动。');
  }
  console.error(`Cannot start: ${error.code}`);
  process.exit(2);
}
logUnhandledRejections(core.log);
// The same port as last time when it is free, so a tab left open from the last launch reaches this one and is
// told to open the new address (its token is stale) instead of showing a dead site.
const host = process.env.JST_HOST_PORT
  ? await startBrowserHost({ core, rendererDir, port: Number(process.env.JST_HOST_PORT), token: process.env.JST_HOST_TOKEN || undefined })
  : await startOnRememberedPort(profileDir, (port) => startBrowserHost({ core, rendererDir, port, token: process.env.JST_HOST_TOKEN || undefined }));

console.log(`聚石塔短信助手（浏览器版）已启动 / Browser host running`);
console.log(`  资料目录 Profile: ${profileDir}`);
console.log(`  请在浏览器中打开 Open in your browser:`);
console.log(`  ${host.url}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await host.close();
  await core.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
