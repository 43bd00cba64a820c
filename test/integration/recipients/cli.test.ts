import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/index';
import { openDatabase } from '../../../electron/core/db/database';
import { systemClock } from '../../../electron/core/clock';
import { EventBus } from '../../../electron/core/events';
import { profilePaths } from '../../../electron/core/profile';
import { SuppressionStore } from '../../../electron/core/suppression/store';
import { tempDir } from '../../helpers/profile';

const BIN = fileURLToPath(new URL('../../../bin/jst-sms.mjs', import.meta.url));
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function profile(): NodeJS.ProcessEnv {
  const { dir, cleanup } = tempDir('jst-supp-cli-');
  cleanups.push(cleanup);
  return { JST_SMS_PROFILE: dir };
}

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env });
  return { code, stdout, stderr };
}

describe('jst-sms suppression', () => {
  it('add, list, remove with --json', async () => {
    const env = profile();
    const added = await cli(['suppression', 'add', '+86 138 0013 8000', '13900139000', 'abc', '--note', '投诉', '--json'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({ added: 2, already: 0, invalid: ['abc'] });
    const again = await cli(['suppression', 'add', '13800138000', '--json'], env);
    expect(JSON.parse(again.stdout)).toEqual({ added: 0, already: 1, invalid: [] });

    const list = await cli(['suppression', 'list', '--json'], env);
    expect(list.code).toBe(0);
    const entries = JSON.parse(list.stdout) as Array<Record<string, unknown>>;
    expect(entries.map((e) => e.phone).sort()).toEqual(['13800138000', '13900139000']);
    expect(entries[0]).toMatchObject({ source: 'manual', note: '投诉', replyId: null, createdAt: expect.stringMatching(/Z$/) });
    expect(list.stdout.trim().split('\n')).toHaveLength(1);

    const removed = await cli(['suppression', 'remove', '138-0013-8000', '--json'], env);
    expect([removed.code, JSON.parse(removed.stdout)]).toEqual([0, { removed: 1 }]);
    const missing = await cli(['suppression', 'remove', '13800138000', '--json'], env);
    expect([missing.code, JSON.parse(missing.stdout)]).toEqual([1, { removed: 0 }]);

    // The same table the app reads.
    const db = openDatabase(profilePaths(env.JST_SMS_PROFILE!).database);
    try {
      expect(
        new SuppressionStore({ db, shopId: 1, events: new EventBus(), clock: systemClock }).filterSuppressed(['13800138000', '13900139000'], 'any').size,
      ).toBe(1);
    } finally {
      db.close();
    }
  });

  it('prints Chinese one-liners without --json and usage errors with exit 2', async () => {
    const env = profile();
    expect(await cli(['suppression', 'list'], env)).toMatchObject({ code: 0, stdout: '名单为空。\n' });
    expect(await cli(['suppression', 'add', '13800138000', '010-1234567'], env)).toMatchObject({
      code: 0,
      stdout: '已加入 1 个号码，0 个已在名单中，1 个无效：010-1234567。\n',
    });
    expect(await cli(['suppression', 'add', 'abc'], env)).toMatchObject({ code: 1 });
    expect((await cli(['suppression', 'list'], env)).stdout).toMatch(/^13800138000 {2}拉黑 {2}手动添加 {2}\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\n$/);
    expect(await cli(['suppression', 'remove', '13800138000'], env)).toMatchObject({ code: 0, stdout: '已移除 1 个号码。\n' });
    expect((await cli(['suppression', 'add'], env)).code).toBe(2);
    expect((await cli(['suppression', 'purge'], env)).code).toBe(2);
    expect((await cli(['suppression', 'list', '--bogus'], env)).code).toBe(2);
    expect((await cli(['--help'], env)).stdout).toContain('suppression');
  });

  it('import <file>: counts with --json and as a Chinese line; a missing file is a clear error; usage errors exit 2', async () => {
    const env = profile();
    const file = join(env.JST_SMS_PROFILE!, '黑名单.csv');
    writeFileSync(file, '手机号\n13800138000\n13800138000\n+86 139 0013 9000\nabc\n');
    const first = await cli(['suppression', 'import', file, '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ rows: 4, added: 2, already: 1, invalid: 1, invalidSamples: ['abc'] });
    expect(await cli(['suppression', 'import', file], env)).toMatchObject({
      code: 0,
      stdout: '已导入 4 行：新增 0 个，3 个已在名单中（或文件内重复），1 个无效：abc。\n',
    });
    const list = JSON.parse((await cli(['suppression', 'list', '--json'], env)).stdout) as Array<{ source: string; note: string }>;
    expect(list.map((e) => [e.source, e.note])).toEqual([
      ['import', '导入：黑名单.csv'],
      ['import', '导入：黑名单.csv'],
    ]);
    const missing = await cli(['suppression', 'import', join(env.JST_SMS_PROFILE!, 'nope.csv')], env);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('找不到文件');
    expect((await cli(['suppression', 'import'], env)).code).toBe(2);
    expect((await cli(['suppression', 'import', file, file], env)).code).toBe(2);
  });

  it('works through the real bin entry', () => {
    const env = { ...process.env, ...profile() };
    const run = spawnSync(process.execPath, [BIN, 'suppression', 'add', '13700137000', '--json'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ added: 1, already: 0, invalid: [] });
  });
});
