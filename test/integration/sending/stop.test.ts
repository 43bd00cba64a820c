// SIGTERM / Ctrl+C stops `jst-sms send --resume` within seconds, also in the middle of reconciling (issue 15 §6): a
// num.query the simulator never answers must not keep the process. The unknown chunks stay unknown for the next
// start, which settles them. The deadline below is a behaviour bound (seconds, not minutes), not a speed test.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/database';
import { createDraftFromRecipients } from '../../../electron/core/sending';
import { prepareCampaign } from '../../../electron/core/sending/prepare';
import { SendingStore } from '../../../electron/core/sending/store';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { cliEnv, offlineProfile, phones, SIGN } from './helpers';

const BIN = fileURLToPath(new URL('../../../bin/jst-sms.mjs', import.meta.url));
const NUM_QUERY = 'alibaba.aliqin.ta.sms.num.query';
const BATCHSEND = 'taobao.jst.sms.message.direct.batchsend';
const TEMPLATE = 'SMS_STOP';
const EXIT_DEADLINE_MS = 10_000;

let gw: TopGateway;
let profile: string;
let campaignId: number;
let sendingId: number;

/** Campaign 1: 1,800 numbers whose 9 chunks were all in flight when its process died. Campaign 2: 1,000 to send. */
beforeAll(async () => {
  gw = await startTopGateway();
  gw.control.seedTemplate({ code: TEMPLATE, content: '${name}您好，您的订单已发货', type: 1, status: 'approved' });
  gw.control.seedSignature({ name: SIGN, status: 'approved' });
  profile = mkdtempSync(join(tmpdir(), 'jst-send-stop-'));
  const { db, ctx, suppression, templateId, now } = offlineProfile(profile, TEMPLATE, '${name}您好，您的订单已发货');
  campaignId = createDraftFromRecipients(ctx, suppression, {
    name: '停止测试',
    kind: 'campaign',
    templateId,
    signName: SIGN,
    recipients: phones(1_800, '133').map((p, i) => ({ phone: p, vars: { name: `买家${i}` } })),
  });
  sendingId = createDraftFromRecipients(ctx, suppression, {
    name: '发送中停止',
    kind: 'campaign',
    templateId,
    signName: SIGN,
    recipients: phones(1_000, '132').map((p, i) => ({ phone: p, vars: { name: `买家${i}` } })),
  });
  const store = new SendingStore(db, 1);
  await prepareCampaign({ store, suppression, now: Date.now }, store.campaign(campaignId)!);
  db.prepare("UPDATE campaign_chunks SET state = 'in_flight', started_at = ? WHERE campaign_id = ?").run(now, campaignId);
  db.prepare("UPDATE campaigns SET state = 'paused', reason_code = 'manual' WHERE id = ?").run(sendingId);
  db.prepare("UPDATE campaign_recipients SET status = 'in_flight' WHERE campaign_id = ? AND status = 'queued'").run(campaignId);
  db.prepare("UPDATE campaigns SET state = 'sending', started_at = ? WHERE id = ?").run(now, campaignId);
  db.close();
});
afterAll(async () => {
  await gw.close();
  rmSync(profile, { recursive: true, force: true });
});

function resume(id = campaignId, extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, 'send', '--resume', String(id), '--json'], {
    env: {
      ...cliEnv(profile, gw),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exit, output: () => ({ stdout, stderr }) };
}

function ledger(id = campaignId) {
  const db = openDatabase(join(profile, 'jst-sms.db'));
  try {
    const store = new SendingStore(db, 1);
    return { chunks: store.chunkStateCounts(id), counts: store.counts(id), campaign: store.campaign(id)!, lease: store.lease(id) };
  } finally {
    db.close();
  }
}

describe('send --resume stops on SIGTERM', () => {
  it('mid-reconciliation: exits within seconds, unknown chunks left for the next start, which settles them', { timeout: 120_000 }, async () => {
    // Every num.query is held unanswered: the reconciliation is stuck on its first call.
    let queried!: () => void;
    const firstQuery = new Promise<void>((resolve) => (queried = resolve));
    const never = new Promise<void>(() => undefined);
    gw.control.holdAnswers(NUM_QUERY, () => {
      queried();
      return never;
    });
    const run = resume();
    await firstQuery;
    const signalledAt = performance.now();
    run.child.kill('SIGTERM');
    const deadline = new Promise<'deadline'>((resolve) => setTimeout(() => resolve('deadline'), EXIT_DEADLINE_MS).unref());
    const outcome = await Promise.race([run.exit, deadline]);
    if (outcome === 'deadline') run.child.kill('SIGKILL');
    expect(outcome, run.output().stderr).not.toBe('deadline');
    expect(outcome, run.output().stderr).toMatchObject({ code: 3, signal: null });
    expect(run.output().stderr).toContain('正在停止');
    console.info(`SIGTERM mid-reconciliation: exited after ${Math.round(performance.now() - signalledAt)} ms`);
    gw.control.holdAnswers(NUM_QUERY, null);

    // Nothing decided on a half-answered reconciliation; paused; the lease released.
    const after = ledger();
    expect(after.chunks).toEqual({ unknown: 9 });
    expect(after.counts).toMatchObject({ inFlight: 1_800, submitted: 0, unconfirmed: 0 });
    expect(after.campaign).toMatchObject({ state: 'paused', reasonCode: 'manual' });
    expect(after.lease).toBeNull();

    // The next start reconciles them (nothing was sent: 3 queries per chunk, all 未确认, nothing resent).
    const next = resume();
    const startedAt = performance.now();
    const done = await next.exit;
    console.info(`next start settled 9 unknown chunks in ${Math.round(performance.now() - startedAt)} ms`);
    expect(done.code, next.output().stderr).toBe(3);
    const settled = ledger();
    expect(settled.chunks).toEqual({ reconciled: 9 });
    expect(settled.counts).toMatchObject({ inFlight: 0, unconfirmed: 1_800 });
    expect(settled.campaign).toMatchObject({ state: 'paused', reasonCode: 'unconfirmed' });
    expect(gw.counters.callsByMethod[BATCHSEND] ?? 0).toBe(0);
  });

  it('mid-send: a batchsend that never answers is abandoned after the grace; the next start reconciles its chunk', { timeout: 120_000 }, async () => {
    gw.control.resetCounters();
    let executed!: () => void;
    const firstSend = new Promise<void>((resolve) => (executed = resolve));
    const never = new Promise<void>(() => undefined);
    gw.control.holdAnswers(BATCHSEND, () => {
      executed();
      return never;
    });
    const run = resume(sendingId, { JST_SEND_MAX_IN_FLIGHT: '1' });
    await firstSend;
    run.child.kill('SIGTERM');
    const deadline = new Promise<'deadline'>((resolve) => setTimeout(() => resolve('deadline'), EXIT_DEADLINE_MS).unref());
    const outcome = await Promise.race([run.exit, deadline]);
    if (outcome === 'deadline') run.child.kill('SIGKILL');
    expect(outcome, run.output().stderr).not.toBe('deadline');
    expect(outcome, run.output().stderr).toMatchObject({ code: 3, signal: null });
    gw.control.holdAnswers(BATCHSEND, null);

    const after = ledger(sendingId);
    expect(after.chunks).toMatchObject({ in_flight: 1, prepared: 4 });
    expect(after.campaign).toMatchObject({ state: 'paused', reasonCode: 'manual' });
    expect(after.lease).toBeNull();

    // The platform executed the abandoned call: the next start finds it with one query, sends the rest, nothing twice.
    const next = resume(sendingId);
    expect((await next.exit).code, next.output().stderr).toBe(0);
    const done = ledger(sendingId);
    expect(done.campaign.state).toBe('completed');
    expect(done.chunks).toEqual({ reconciled: 1, accepted: 4 });
    expect(done.counts).toMatchObject({ submitted: 1_000, unconfirmed: 0 });
    expect(Math.max(...Object.values(gw.counters.sendsByNumber))).toBe(1);
    expect(Object.keys(gw.counters.sendsByNumber)).toHaveLength(1_000);
    expect(gw.counters.callsByMethod[NUM_QUERY]).toBe(1);
  });
});
