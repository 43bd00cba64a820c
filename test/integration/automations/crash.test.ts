// Crash safety of automations: `jst-sms automations run --once` in a child process is SIGKILLed between the decision's
// commit and the hand-over to the send engine (after-decide), before a batchsend call (before-call), and between the
// platform's answer and its commit (after-response); then restarted until everything settled. The simulator's
// per-order counters must show no order sent twice; every decided order was either sent once or is 未确认 in the ledger
// (a chunk killed before its call cannot be told from one that executed: it is never resent by itself).
// Every kill lands in its window whatever the machine's speed: the child announces each phase and waits for this test
// (JST_SEND_TEST_HOOKS=gate), as in test/integration/sending/crash.test.ts.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/database';
import { openNodeSettingsStore, Settings } from '../../../electron/core/settings';
import { automationSims, cli, SIGN, sendsPerOrder, TEMPLATE, type AutomationSims } from './helpers';

const BIN = fileURLToPath(new URL('../../../bin/jst-sms.mjs', import.meta.url));
const WAVE = 120; // 3 batches of ≤ 50 per wave
type Phase = 'after-decide' | 'before-call' | 'after-response';

let sims: AutomationSims;
const tids: string[] = [];

/** `n` more shipped orders, their events consumed by `mq poll --once`. */
async function shipOrders(n: number) {
  const { top, env } = sims;
  for (let i = 0; i < n; i++) {
    const t = top.trades.create({ tid: `41234567890123${String(50000 + tids.length)}`, buyerOpenUid: `AAHcrash${tids.length}` });
    top.trades.pay(t.tid);
    top.trades.ship(t.tid, { companyName: '圆通速递' });
    tids.push(t.tid);
  }
  expect((await cli(['mq', 'poll', '--once'], env)).code).toBe(0);
}

beforeAll(async () => {
  sims = await automationSims();
  // A chunk killed before its call has no report to settle it: it becomes 未确认 after this (the shortest allowed).
  const settings = new Settings(openNodeSettingsStore(sims.profile));
  settings.update('sending', { ...settings.get().sending, oaidSettleMinutes: 1 });
  await shipOrders(WAVE);
  const set = await cli(['automations', 'set', 'shipped', '--enable', '--template', TEMPLATE, '--sign', SIGN, '--window', '00:00-23:59'], sims.env);
  expect(set.code, set.stderr).toBe(0);
}, 120_000);
afterAll(() => sims?.close());

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

function runOnce(kill?: { phase: Phase; skip: number }): Promise<Run> {
  const child = spawn(process.execPath, [BIN, 'automations', 'run', '--once', '--json'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: sims.profile,
      ...sims.env,
      JST_RECONCILE_AFTER_S: '0',
      JST_SEND_MAX_IN_FLIGHT: '2',
      JST_SEND_TEST_HOOKS: 'gate',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const run: Run = { stdout: '', stderr: '', code: null, signal: null };
  let seen = 0;
  let killed = false;
  let buffered = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    run.stderr += text;
    buffered += text;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const m = /^@@((after-decide|before-call|after-response|after-commit) \S+)$/.exec(line);
      if (!m || killed) continue;
      if (kill && m[2] === kill.phase && seen++ >= kill.skip) {
        killed = true;
        child.kill('SIGKILL');
      } else child.stdin.write(`${m[1]}\n`);
    }
  });
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString('utf8')));
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      run.code = code;
      run.signal = signal;
      resolve(run);
    }),
  );
}

function unconfirmedOrders(): number {
  const db = openDatabase(join(sims.profile, 'jst-sms.db'));
  try {
    return db
      .prepare("SELECT COUNT(*) FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id WHERE c.kind = 'automation' AND r.status = 'unconfirmed'")
      .pluck()
      .get() as number;
  } finally {
    db.close();
  }
}

describe('automations run --once under SIGKILL', () => {
  it('sends no order twice: killed after the decision, before a call and between answer and commit', { timeout: 300_000 }, async () => {
    const plan: Array<{ phase: Phase; skip: number; before?: () => Promise<void> }> = [
      { phase: 'after-decide', skip: 0 }, // wave 1 decided and committed (3 batches), none handed over
      { phase: 'before-call', skip: 0 }, // handed over at start-up; a chunk in_flight, never called
      { phase: 'after-response', skip: 0 }, // a chunk the platform executed, its answer not committed
      { phase: 'after-decide', skip: 1, before: () => shipOrders(WAVE) }, // wave 2: one batch handed over, then killed
      { phase: 'after-response', skip: 1 },
    ];
    for (const [i, step] of plan.entries()) {
      await step.before?.();
      const run = await runOnce(step);
      expect(run.signal, `run ${i + 1} (${step.phase}) ended without its kill: ${run.stderr.slice(-800)}`).toBe('SIGKILL');
      expect(Math.max(0, ...sendsPerOrder(sims.top).values()), `after kill ${i + 1}`).toBeLessThanOrEqual(1);
      // The delivery reports of what the platform executed come in (an OAID chunk whose answer was lost is settled by them).
      expect((await cli(['mq', 'poll', '--once'], sims.env)).code).toBe(0);
    }
    // Restart without kills until nothing is left: reports settle executed chunks, the rest become 未确认 (never resent).
    for (let i = 0; i < 2; i++) {
      const run = await runOnce();
      expect(run.code, run.stderr.slice(-800)).toBe(0);
      expect((await cli(['mq', 'poll', '--once'], sims.env)).code).toBe(0);
    }
    const sends = sendsPerOrder(sims.top);
    expect(Math.max(...sends.values())).toBe(1);
    const log = JSON.parse((await cli(['automations', 'log', '--kind', 'shipped', '--json'], sims.env)).stdout) as Array<{ tid: string; outcome: string }>;
    expect(log).toHaveLength(2 * WAVE);
    expect(log.every((r) => r.outcome === 'sent')).toBe(true);
    const unconfirmed = unconfirmedOrders();
    expect(sends.size + unconfirmed).toBe(2 * WAVE);
    // Only chunks killed before their call (at most 2 in flight at once, 50 orders each) are 未确认.
    expect(unconfirmed).toBeLessThanOrEqual(100);
    for (const tid of tids) expect(sends.get(tid) ?? 0).toBeLessThanOrEqual(1);
    console.info(`automations crash test: 5 kills, ${2 * WAVE} orders, ${sends.size} sent once, ${unconfirmed} 未确认, duplicates 0`);
  });
});
