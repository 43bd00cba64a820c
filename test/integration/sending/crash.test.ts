// Crash safety of the ledger: a 10 000-number campaign is sent by `jst-sms send --resume` in a child process that is
// SIGKILLed over and over — before a call (in_flight committed, request not yet sent), during a call (the platform is
// executing it), between the response and its commit, right after the commit, and at random times — and restarted
// until done. The simulator's per-number counters must show no number sent twice; every valid number ends accepted,
// rejected or 未确认; after --resend-unconfirmed every sendable number was sent exactly once.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppSettingsSchema } from '../../../shared/settings';
import type { CoreContext } from '../../../electron/core/context';
import { openDatabase } from '../../../electron/core/db/database';
import { systemClock } from '../../../electron/core/clock';
import { EventBus } from '../../../electron/core/events';
import { createDraftFromRecipients } from '../../../electron/core/sending';
import { SendingStore } from '../../../electron/core/sending/store';
import { SuppressionStore } from '../../../electron/core/suppression/store';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { phones, SIGN } from './helpers';

const BIN = fileURLToPath(new URL('../../../bin/jst-sms.mjs', import.meta.url));
const NUMBERS = 10_000;
const TEMPLATE = 'SMS_CRASH';
const PHASES = ['before-call', 'during-call', 'after-response', 'after-commit', 'random'] as const;
type Phase = (typeof PHASES)[number];
const MIN_KILLS = 20;
const MAX_ITERATIONS = 40;
const REJECTED_NUMBER_INDEX = 4_321;

let gw: TopGateway;
let profile: string;
let campaignId: number;
const list = phones(NUMBERS, '139');

beforeAll(async () => {
  gw = await startTopGateway();
  // Calls take a while, so kills can land while the platform is executing one.
  gw.control.inject('taobao.jst.sms.message.direct.batchsend', { kind: 'latency', ms: 40 });
  gw.control.seedTemplate({ code: TEMPLATE, content: '${name}您好，您的订单已发货', type: 1, status: 'approved' });
  gw.control.seedSignature({ name: SIGN, status: 'approved' });
  gw.control.rejectNumber(list[REJECTED_NUMBER_INDEX]!, 'isv.MOBILE_NUMBER_ILLEGAL');
  profile = mkdtempSync(join(tmpdir(), 'jst-send-crash-'));

  const db = openDatabase(join(profile, 'jst-sms.db'));
  const now = new Date().toISOString();
  const templateId = Number(
    db
      .prepare(
        "INSERT INTO sms_templates (shop_id, name, type, content, status, platform_code, origin, created_at, updated_at) VALUES (1, '发货通知', 1, ?, 'approved', ?, 'imported', ?, ?)",
      )
      .run('${name}您好，您的订单已发货', TEMPLATE, now, now).lastInsertRowid,
  );
  const ctx = { db, shopId: 1, events: new EventBus(), clock: systemClock, settings: { get: () => AppSettingsSchema.parse({}) } } as unknown as CoreContext;
  campaignId = createDraftFromRecipients(ctx, new SuppressionStore(ctx), {
    name: '崩溃测试',
    kind: 'campaign',
    templateId,
    signName: SIGN,
    recipients: list.map((p, i) => ({ phone: p, vars: { name: `买家${i}` } })),
  });
  db.close();
});
afterAll(async () => {
  await gw.close();
  rmSync(profile, { recursive: true, force: true });
});

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

function runSend(args: string[], killAt?: { phase: Phase; skip: number; onKill: () => void }): Promise<Run> {
  const child = spawn(process.execPath, [BIN, 'send', '--resume', String(campaignId), ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: profile,
      JST_SMS_PROFILE: profile,
      JST_TOP_GATEWAY: gw.url,
      JST_TOP_APP_KEY: gw.credentials.appKey,
      JST_TOP_APP_SECRET: gw.credentials.appSecret,
      JST_TOP_SESSION: gw.credentials.session,
      JST_TOP_QPS: '1000',
      JST_RECONCILE_AFTER_S: '0',
      JST_SEND_MAX_IN_FLIGHT: '2',
      // Each phase is held long enough for this (possibly busy) parent to land the kill inside it.
      JST_SEND_TEST_HOOKS: killAt ? '60' : '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { stdout: '', stderr: '', code: null, signal: null };
  let killed = false;
  let seen = 0;
  const kill = () => {
    if (killed) return;
    killed = true;
    child.kill('SIGKILL');
    killAt?.onKill();
  };
  const at = (phase: Phase) => {
    if (killAt?.phase === phase && seen++ >= killAt.skip) kill();
  };
  let firstOfCall = true;
  const off = gw.control.onSend(() => {
    // The first number of a call: the platform is executing it, the answer has not left yet.
    if (firstOfCall) at('during-call');
    firstOfCall = false;
    setImmediate(() => (firstOfCall = true));
  });
  let buffered = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    run.stderr += text;
    buffered += text;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const m = /^@@(before-call|after-response|after-commit) /.exec(line);
      if (m) at(m[1] as Phase);
    }
  });
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString('utf8')));
  const timer = killAt?.phase === 'random' ? setTimeout(kill, randomInt(900, 1_700)) : killAt ? setTimeout(kill, 6_000) : undefined;
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      off();
      if (timer) clearTimeout(timer);
      run.code = code;
      run.signal = signal;
      resolve(run);
    });
  });
}

function ledger() {
  const db = openDatabase(join(profile, 'jst-sms.db'));
  try {
    const store = new SendingStore(db, 1);
    return { counts: store.counts(campaignId), campaign: store.campaign(campaignId)!, chunks: store.chunks(campaignId) };
  } finally {
    db.close();
  }
}

describe('send --resume under SIGKILL', () => {
  it('sends no number twice and accounts for every number', { timeout: 240_000 }, async () => {
    const hits: Record<Phase, number> = { 'before-call': 0, 'during-call': 0, 'after-response': 0, 'after-commit': 0, random: 0 };
    let kills = 0;
    let finished: Run | null = null;
    for (let i = 0; i < MAX_ITERATIONS && kills < MIN_KILLS; i++) {
      const phase = PHASES[i % PHASES.length]!;
      const run = await runSend(['--json'], { phase, skip: randomInt(0, 2), onKill: () => hits[phase]++ });
      if (run.signal === 'SIGKILL') kills++;
      else {
        // It got to the end before the kill point came: the campaign is settled.
        finished = run;
        break;
      }
      expect(Math.max(0, ...Object.values(gw.counters.sendsByNumber)), `after kill ${kills}`).toBeLessThanOrEqual(1);
    }
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);

    // Restart without kills until the campaign settles (reconciling what the last kill left unknown).
    const settled = finished ?? (await runSend(['--json']));
    expect([0, 3], settled.stderr).toContain(settled.code);
    const final = JSON.parse(settled.stdout.trim().split('\n').pop()!) as { state: string; counts: Record<string, number> };

    const sends = gw.counters.sendsByNumber;
    expect(Math.max(...Object.values(sends))).toBe(1);
    const { counts, chunks } = ledger();
    expect(counts.valid).toBe(NUMBERS);
    expect(counts.submitted + counts.rejected + counts.unconfirmed).toBe(NUMBERS);
    expect(counts.queued + counts.inFlight).toBe(0);
    expect(counts.rejected).toBeLessThanOrEqual(200);
    expect(chunks.filter((c) => c.state === 'in_flight' || c.state === 'unknown' || c.state === 'prepared')).toHaveLength(0);
    // Accepted in the ledger ⇔ sent by the platform (no accepted number missing, none sent without a record).
    expect(counts.submitted).toBe(Object.keys(sends).length);
    expect(final.counts.submitted).toBe(counts.submitted);
    const unconfirmedBefore = counts.unconfirmed;

    // The seller's explicit choice: the 未确认 numbers go out again, each exactly once overall.
    const resend = await runSend(['--resend-unconfirmed', '--json']);
    expect(resend.code, resend.stderr).toBe(0);
    const after = ledger();
    expect(after.campaign.state).toBe('completed');
    expect(after.counts).toMatchObject({ submitted: NUMBERS - 200, rejected: 200, unconfirmed: 0 });
    const rejected = new Set(list.slice(Math.floor(REJECTED_NUMBER_INDEX / 200) * 200, Math.floor(REJECTED_NUMBER_INDEX / 200) * 200 + 200));
    for (const phone of list) expect(gw.counters.sendsByNumber[phone] ?? 0, phone).toBe(rejected.has(phone) ? 0 : 1);

    console.info(
      `crash test: ${kills} kills (${Object.entries(hits)
        .map(([p, n]) => `${p} ${n}`)
        .join(', ')}), ${NUMBERS} numbers, ${unconfirmedBefore} 未确认 resent, duplicates 0`,
    );
    for (const phase of PHASES) expect(hits[phase], `kills at ${phase}`).toBeGreaterThan(0);
  });
});
