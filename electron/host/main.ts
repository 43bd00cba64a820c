// Browser host entry: `npm start` falls back to this when no Electron binary can run.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../core/app-core';
import { resolveProfileDir } from '../core/profile';
import { startBrowserHost } from './server';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const rendererDir = process.env.JST_RENDERER_DIR ?? join(root, 'out/renderer');
if (!existsSync(join(rendererDir, 'index.html'))) {
  console.error(`Renderer build not found in ${rendererDir}. Run \`npm run build:web\` first.`);
  process.exit(1);
}

const profileDir = resolveProfileDir();
const core = await createCore({
  host: 'browser',
  profileDir,
  vaultBackend: () => ({ kind: 'passphrase' }),
  passphrase: process.env.JST_SMS_PASSPHRASE || undefined,
});
const port = process.env.JST_HOST_PORT ? Number(process.env.JST_HOST_PORT) : 0;
const host = await startBrowserHost({ core, rendererDir, port, token: process.env.JST_HOST_TOKEN || undefined });

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
