import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/index';
import { openDatabase } from '../../../electron/core/db/database';
import { parseSendArgs } from '../../../electron/cli/send-args';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { SIGN } from './helpers';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'jst-sms.mjs');
const BATCHSEND = 'taobao.jst.sms.message.direct.batchsend';

let gw: TopGateway;
let profile: string;
beforeAll(async () => {
  gw = await startTopGateway();
  gw.control.seedTemplate({ code: 'SMS_CLI_SEND', content: '${name}您好，您的订单已发货', type: 1, status: 'approved' });
  gw.control.seedTemplate({ code: 'SMS_CLI_PENDING', content: '${name}您好', type: 1, status: 'pending' });
  gw.control.seedSignature({ name: SIGN, status: 'approved' });
  profile = mkdtempSync(join(tmpdir(), 'jst-send-cli-'));
});
afterAll(async () => {
  await gw.close();
  rmSync(profile, { recursive: true, force: true });
});

const env = () => ({
  JST_SMS_PROFILE: profile,
  JST_TOP_GATEWAY: gw.url,
  JST_TOP_APP_KEY: gw.credentials.appKey,
  JST_TOP_APP_SECRET: gw.credentials.appSecret,
  JST_TOP_SESSION: gw.credentials.session,
  JST_TOP_QPS: '100',
  JST_RECONCILE_AFTER_S: '0',
});

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: env() });
  return {
    code,
    stdout,
    stderr,
    json: () => JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown> & { id: number; state: string; counts: Record<string, number> },
  };
}

describe('jst-sms send / campaigns / campaign', () => {
  it('campaigns on a profile without any says so (and --json is an empty array)', async () => {
    const human = await cli(['campaigns']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toBe('还没有发送任务。\n');
    expect(JSON.parse((await cli(['campaigns', '--json'])).stdout)).toEqual([]);
  });

  it('sends pasted numbers with a template known only on the platform; --json prints one final object', async () => {
    const r = await cli([
      'send',
      '--template',
      'SMS_CLI_SEND',
      '--sign',
      SIGN,
      '--numbers',
      '13800000001,13800000002，138abc 13800000001',
      '--const',
      'name=亲',
      '--name',
      'CLI 测试',
      '--yes',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = r.json();
    expect(Object.keys(out).sort()).toEqual(['counts', 'id', 'name', 'state']);
    expect(out).toMatchObject({ name: 'CLI 测试', state: 'completed' });
    expect(out.counts).toEqual({ rows: 4, valid: 2, duplicate: 1, invalid: 1, suppressed: 0, submitted: 2, rejected: 0, unconfirmed: 0, cancelled: 0 });
    expect(gw.control.sends({ phone: '13800000001' })[0]!.content).toBe(`【${SIGN}】亲您好，您的订单已发货`);

    const list = await cli(['campaigns', '--json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as Array<{ id: number }>).map((c) => c.id)).toContain(out.id);
    const show = await cli(['campaign', String(out.id), '--json', '--numbers']);
    const detail = JSON.parse(show.stdout) as { numbers: Array<{ phone: string; status: string; bizId: string | null; reason: string }> };
    expect(detail.numbers).toHaveLength(4);
    expect(detail.numbers.filter((n) => n.status === 'accepted').every((n) => /^\d+\^\d+$/.test(n.bizId!))).toBe(true);
    expect(detail.numbers.find((n) => n.status === 'invalid')?.reason).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('reads a CSV file with a header, maps --phone-column and --var', async () => {
    const file = join(profile, 'list.csv');
    writeFileSync(file, '\uFEFF手机,称呼\n13800000011,王先生\n13800000012,李女士\n');
    const r = await cli([
      'send',
      '--template',
      'SMS_CLI_SEND',
      '--sign',
      SIGN,
      '--file',
      file,
      '--phone-column',
      '手机',
      '--var',
      'name=称呼',
      '--yes',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json().counts).toMatchObject({ rows: 2, valid: 2, submitted: 2 });
    expect(gw.control.sends({ phone: '13800000012' })[0]!.content).toContain('李女士您好');
  });

  it('--dry-run checks and stops; without --yes nothing is sent (exit 3)', async () => {
    const before = gw.counters.callsByMethod[BATCHSEND] ?? 0;
    const dry = await cli(['send', '--template', 'SMS_CLI_SEND', '--sign', SIGN, '--numbers', '13800000021', '--const', 'name=a', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.json().state).toBe('draft');
    expect(dry.stderr).toContain('将发送 1 个号码');
    const unconfirmed = await cli(['send', '--template', 'SMS_CLI_SEND', '--sign', SIGN, '--numbers', '13800000022', '--const', 'name=a']);
    expect(unconfirmed.code).toBe(3);
    expect(unconfirmed.stderr).toContain('--yes');
    expect(gw.counters.callsByMethod[BATCHSEND] ?? 0).toBe(before);
  });

  it('--resume of a campaign the app is sending right now is refused with a clear message (exit 1), nothing sent', async () => {
    const draft = await cli(['send', '--template', 'SMS_CLI_SEND', '--sign', SIGN, '--numbers', '13800000041', '--const', 'name=a', '--json']);
    const id = draft.json().id;
    const db = openDatabase(join(profile, 'jst-sms.db'));
    const now = new Date().toISOString();
    // The app (a live process: this one) holds the campaign.
    db.prepare("INSERT INTO campaign_leases (campaign_id, owner, pid, holder, acquired_at, heartbeat_at) VALUES (?, 'the-app', ?, 'app', ?, ?)").run(
      id,
      process.pid,
      now,
      now,
    );
    const before = gw.counters.callsByMethod[BATCHSEND] ?? 0;
    try {
      const refused = await cli(['send', '--resume', String(id), '--json']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('该群发正在聚石塔短信助手窗口中发送或核对');
      expect(refused.json()).toMatchObject({ id, state: 'draft', error: { code: 'CONFLICT' } });
      expect(gw.counters.callsByMethod[BATCHSEND] ?? 0).toBe(before);
    } finally {
      db.prepare('DELETE FROM campaign_leases WHERE campaign_id = ?').run(id);
      db.close();
    }
    const resumed = await cli(['send', '--resume', String(id), '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.json().counts.submitted).toBe(1);
  });

  it('a missing variable or an unapproved template is an error (exit 1) before anything is sent', async () => {
    const missing = await cli(['send', '--template', 'SMS_CLI_SEND', '--sign', SIGN, '--numbers', '13800000031', '--yes', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/缺少变量/);
    const pending = await cli(['send', '--template', 'SMS_CLI_PENDING', '--sign', SIGN, '--numbers', '13800000032', '--yes']);
    expect(pending.code).toBe(1);
    expect(pending.stderr).toMatch(/审核通过/);
  });

  it('pauses on an expired session (exit 3, reason printed), resumes with --resume', async () => {
    gw.control.inject(BATCHSEND, { kind: 'invalid-session' });
    const r = await cli([
      'send',
      '--template',
      'SMS_CLI_SEND',
      '--sign',
      SIGN,
      '--numbers',
      '13800000041\n13800000042',
      '--const',
      'name=a',
      '--yes',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(3);
    const out = r.json();
    expect(out).toMatchObject({ state: 'paused', reason: { code: 'session' } });
    expect(r.stderr).toContain('session');
    gw.control.clearFaults();
    const resumed = await cli(['send', '--resume', String(out.id), '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.json()).toMatchObject({ state: 'completed', counts: { submitted: 2 } });
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['send', '--sign', SIGN, '--numbers', '1'])).code).toBe(2);
    expect((await cli(['send', '--template', 'X', '--sign', SIGN])).code).toBe(2);
    expect((await cli(['send', '--template', 'X', '--sign', SIGN, '--numbers', '1', '--at', '明天'])).code).toBe(2);
    expect((await cli(['send', '--resume', 'abc'])).code).toBe(2);
    expect((await cli(['campaign', 'x'])).code).toBe(2);
    expect(() => parseSendArgs(['--resend-unconfirmed'])).toThrow(/--resume/);
    expect(parseSendArgs(['--template=SMS_1', '--sign', 'a', '--numbers', '1', '--var', 'a=b', '--var', 'c=d', '--at', '2026-12-24 09:30'])).toMatchObject({
      template: 'SMS_1',
      vars: { a: 'b', c: 'd' },
      at: '2026-12-24 09:30',
    });
  });

  it('spawned: npx jst-sms send exits 0 with the JSON object on stdout', async () => {
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, 'send', '--template', 'SMS_CLI_SEND', '--sign', SIGN, '--numbers', '13800000051 13800000052', '--const', 'name=a', '--yes', '--json'],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: profile, ...env() }, timeout: 30_000 },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ state: 'completed', counts: { valid: 2, submitted: 2 } });
    expect(r.stdout).not.toContain(gw.credentials.appSecret);
  });

  it('spawned: an import interrupted by Ctrl+C ends cancelled; one killed outright is reported as interrupted on --resume, not as a missing template', async () => {
    const file = join(profile, 'big.txt');
    const lines: string[] = [];
    for (let i = 0; i < 1_000_000; i++) lines.push(String(13000000000 + i));
    writeFileSync(file, lines.join('\n'));
    const startImport = () => {
      const child = spawn(process.execPath, [BIN, 'send', '--template', 'SMS_CLI_SEND', '--sign', SIGN, '--file', file, '--const', 'name=a', '--yes'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: profile, ...env() },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
      );
      return { child, exited };
    };
    const importing = async (): Promise<number> => {
      const db = new Database(join(profile, 'jst-sms.db'), { readonly: true });
      try {
        for (;;) {
          const row = db.prepare("SELECT id FROM campaigns WHERE import_state = 'running' ORDER BY id DESC LIMIT 1").get() as { id: number } | undefined;
          if (row) return row.id;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        db.close();
      }
    };
    const stateOf = (id: number) => {
      const db = new Database(join(profile, 'jst-sms.db'), { readonly: true });
      try {
        return db
          .prepare(
            'SELECT import_state AS state, import_error AS error, (SELECT COUNT(*) FROM campaign_recipients WHERE campaign_id = ?) AS rows FROM campaigns WHERE id = ?',
          )
          .get(id, id);
      } finally {
        db.close();
      }
    };

    const interrupted = startImport();
    const first = await importing();
    interrupted.child.kill('SIGINT');
    const end = await interrupted.exited;
    expect(end.code, end.stderr).toBe(1);
    expect(end.stderr).toContain('导入已取消');
    expect(stateOf(first)).toEqual({ state: 'cancelled', error: '导入已取消。', rows: 0 });

    const killed = startImport();
    const second = await importing();
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    const resumed = await cli(['send', '--resume', String(second)]);
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toMatch(/导入被中断/);
    expect(resumed.stderr).not.toMatch(/请选择已通过的模板/);
    expect(stateOf(second)).toMatchObject({ state: 'failed', rows: 0 });
  }, 60_000);
});
