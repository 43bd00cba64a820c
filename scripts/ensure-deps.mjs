// Both README commands work on a fresh clone: install the locked dependencies once if they are missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function ensureDependencies(root) {
  // npm writes this file at the end of every install.
  if (existsSync(join(root, 'node_modules', '.package-lock.json'))) return;
  console.log('正在安装依赖 / Installing dependencies (npm ci) …');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error('npm ci failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}
