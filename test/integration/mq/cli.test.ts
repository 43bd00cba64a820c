import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { mqCliEnv, runCli } from '../../helpers/cli';
import { profilePaths } from '../../../electron/core/profile';
import { openNodeSettingsStore, Settings } from '../../../electron/core/settings';
import { Vault } from '../../../electron/core/vault/vault';
import { MqSettingsSchema } from '../../../shared/settings/schema';
import { startMqSimulator, type MqSimulator } from '../../../electron/sim/mq-http';

const BIN = fileURLToPath(new URL('../../../bin/jst-sms.mjs', import.meta.url));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const sim = await startMqSimulator();
  const profile = mkdtempSync(join(tmpdir(), 'jst-mq-cli-'));
  cleanups.push(
    () => sim.close(),
    () => rmSync(profile, { recursive: true, force: true }),
  );
  return { sim, profile };
}

function envFor(sim: MqSimulator, profile: string): NodeJS.ProcessEnv {
  return { JST_SMS_PROFILE: profile, ...mqCliEnv(sim, `${sim.endpoint}/`) };
}

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const run = await runCli(args, env);
  return { ...run, lines: run.stdout.split('\n').filter(Boolean) };
}

describe('jst-sms mq poll', () => {
  it('--once --json drains, prints one line per message, and never prints secrets', async () => {
    const { sim, profile } = await setup();
    const report = sim.publishReport({ receiver: '13800000001' });
    const reply = sim.publishReply({ content: '好的' });
    sim.publish('garbage');
    sim.publishReply(reply.fields, { format: 'raw' });
    const run = await cli(['mq', 'poll', '--once', '--json'], envFor(sim, profile));
    expect(run.code, run.stderr).toBe(0);
    const items = run.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'report',
        messageId: report.messageId,
        duplicate: null,
        bizId: report.fields.biz_id,
        phone: '13800000001',
        success: true,
      }),
      expect.objectContaining({ kind: 'reply', smsSeq: reply.fields.sms_seq, content: '好的', duplicate: null }),
      expect.objectContaining({ kind: 'quarantined', reason: expect.stringContaining('JSON') }),
      expect.objectContaining({ kind: 'reply', duplicate: 'businessKey' }),
    ]);
    expect(run.stderr).toContain('回执 1，回复 1，隔离 1，重复 1');
    expect(sim.control.drained()).toBe(true);
    const log = readFileSync(profilePaths(profile).log, 'utf8');
    for (const text of [run.stdout, run.stderr, log]) expect(text).not.toContain(sim.accessKeySecret);

    const again = await cli(['mq', 'poll', '--once'], envFor(sim, profile));
    expect(again).toMatchObject({ code: 0, stdout: '' });
  });

  it('prints a readable line per message without --json', async () => {
    const { sim, profile } = await setup();
    sim.publishReport({ receiver: '13800000002', state: '2', err_code: 'MK:0001' });
    const run = await cli(['mq', 'poll', '--once'], envFor(sim, profile));
    expect(run.stdout).toMatch(/^回执 {2}13800000002 {2}失败 MK:0001 {2}biz_id=/);
  });

  it('uses the profile settings and vault when no overrides are given', async () => {
    const { sim, profile } = await setup();
    const settings = new Settings(openNodeSettingsStore(profile, profilePaths(profile).settingsName));
    settings.update('mq', MqSettingsSchema.parse({ endpoint: sim.endpoint, instanceId: sim.instanceId, topics: sim.topics, groupId: sim.groups[0] }));
    const vault = new Vault(profilePaths(profile).vault, { kind: 'passphrase', scrypt: { N: 1024, r: 8, p: 1 } });
    await vault.create('profile passphrase');
    await vault.update({ 'mq.accessKeyId': sim.accessKeyId, 'mq.accessKeySecret': sim.accessKeySecret });
    sim.publishReply();

    const locked = await cli(['mq', 'poll', '--once'], { JST_SMS_PROFILE: profile });
    expect(locked.code).toBe(1);
    expect(JSON.parse(locked.stderr)).toMatchObject({ error: { code: 'NOT_CONFIGURED', message: expect.stringContaining('JST_SMS_PASSPHRASE') } });

    const run = await cli(['mq', 'poll', '--once', '--json'], { JST_SMS_PROFILE: profile, JST_SMS_PASSPHRASE: 'profile passphrase' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines).toHaveLength(1);
  });

  it('reports MQ errors and usage errors with exit codes', async () => {
    const { sim, profile } = await setup();
    sim.control.addFault({ kind: 'signatureMismatch' });
    const failed = await cli(['mq', 'poll', '--once'], envFor(sim, profile));
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stderr)).toMatchObject({ error: { code: 'MQ_ERROR', detail: { category: 'signature', code: 'SignatureDoesNotMatch' } } });
    expect(failed.stderr).not.toContain(sim.accessKeySecret);
    expect((await cli(['mq'], {})).code).toBe(2);
    expect((await cli(['mq', 'poll', '--forever'], {})).code).toBe(2);
    expect((await cli(['mq', 'listen'], {})).code).toBe(2);
    expect((await cli(['mq', '--help'], {})).stdout).toContain('JST_MQ_TOPIC');
  });

  it('long-polls until SIGINT, then finishes cleanly', { timeout: 30_000 }, async () => {
    const { sim, profile } = await setup();
    const child = spawn(process.execPath, [BIN, 'mq', 'poll', '--json'], {
      env: { ...process.env, ...envFor(sim, profile) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const waitUntil = async (probe: () => boolean, what: string) => {
      for (let i = 0; i < 1_000 && !probe(); i++) await new Promise((r) => setTimeout(r, 10));
      if (!probe()) throw new Error(`timed out: ${what}\n${stderr}`);
    };
    await waitUntil(() => sim.control.state().queues[0]!.waiting === 1, 'long poll');
    const reply = sim.publishReply();
    await waitUntil(() => stdout.includes(reply.fields.sms_seq) && sim.control.drained(), 'reply processed');
    await waitUntil(() => sim.control.state().queues[0]!.waiting === 1, 'next long poll');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('回复 1');
  });
});
