#!/usr/bin/env node
// `npm start`: the desktop app when Electron's binary is present (or can be fetched); otherwise the
// browser host, with one clear paragraph explaining why.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureDependencies } from './ensure-deps.mjs';

const root = join(import.meta.dirname, '..');
// `npm run demo` = `npm start -- --demo`: straight into 体验演示模式. `--no-open`: don't open a browser (also under CI).
const args = process.argv.slice(2);
const demo = args.includes('--demo');
const openBrowser = !args.includes('--no-open') && !process.env.CI;
const appEnv = demo ? { JST_DEMO: '1' } : {};
const bin = (name) => join(root, 'node_modules', '.bin', name);
const require = createRequire(import.meta.url);
ensureDependencies(root);

function electronBinary() {
  try {
    const dir = join(require.resolve('electron/package.json'), '..');
    const pathFile = join(dir, 'path.txt');
    const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
    // Same lookup as the electron package itself, including its override for a locally unpacked runtime.
    const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
    const executable = override ? join(override, relative ?? 'electron') : relative ? join(dir, 'dist', relative) : null;
    return executable && existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

function tryInstallElectron() {
  if (process.env.JST_SKIP_ELECTRON === '1' || !existsSync(bin('install-electron'))) return;
  console.log('正在获取 Electron 运行时 / Fetching the Electron runtime …');
  spawnSync(bin('install-electron'), [], { cwd: root, stdio: 'ignore', timeout: 120_000 });
}

function run(cmd, args, env = {}, onOutput = null) {
  const child = spawn(cmd, args, { cwd: root, stdio: onOutput ? ['inherit', 'pipe', 'inherit'] : 'inherit', env: { ...process.env, ...appEnv, ...env } });
  if (onOutput) {
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      onOutput(chunk.toString());
    });
  }
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}

/** Opens the printed address in the seller's default browser, once. */
function opener() {
  let opened = false;
  let seen = '';
  return (text) => {
    seen += text;
    const url = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(seen)?.[1];
    if (opened || !url) return;
    opened = true;
    const [cmd, cmdArgs] =
      process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
    try {
      const child = spawn(cmd, cmdArgs, { stdio: 'ignore', detached: true });
      child.on('error', () => console.log('（未能自动打开浏览器，请手动打开上面的地址 / open the address above in your browser）'));
      child.unref();
    } catch {
      // No opener on this system: the address is printed above.
    }
  };
}

let executable = electronBinary();
if (!executable) {
  tryInstallElectron();
  executable = electronBinary();
}

if (executable) {
  const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  run(executable, ['.']);
} else {
  console.log(`
无法启动桌面窗口：本机没有 Electron 运行时，且无法从 GitHub 下载（网络不可达）。已改为启动“浏览器版”，功能与
桌面版相同，请在浏览器中打开下面打印的地址。若想使用桌面版：在能访问网络的电脑上设置国内镜像后重新安装，例如
  ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npx install-electron
然后再次运行 npm start。

The desktop window cannot open: the Electron runtime is not installed here and could not be downloaded. Starting the
browser version instead (same features); open the address printed below. For the desktop app, run
\`ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npx install-electron\` (or your own mirror) and npm start again.
`);
  const build = spawnSync(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  run(bin('tsx'), ['electron/host/main.ts'], {}, openBrowser ? opener() : null);
}
