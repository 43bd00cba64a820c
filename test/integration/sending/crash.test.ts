// Crash safety of the ledger: a 10 000-number campaign is sent by `jst-sms send --resume` in a child process that is
// SIGKILLed over and over — before a call (in_flight committed, request not yet sent), during a call (the platform is
// executing it), between the response and its commit, right after the commit, and at random times — and restarted
// until done. The simulator's per-number counters must show no number sent twice; every valid number ends accepted,
// rejected or 未确认; after --resend-unconfirmed every sendable number was sent exactly once.
// Every kill lands in its window whatever the machine's speed: the child announces each phase and waits for this test
// to answer (JST_SEND_TEST_HOOKS=gate), and the simulator holds batchsend answers (holdAnswers) while a kill lands.
// 20 planned kills touch at most 4 chunks each (2 in flight, skip ≤ 1): 100 chunks leave the campaign unfinished.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/database';
import { createDraftFromRecipients } from '../../../electron/core/sending';
import { SendingStore } from '../../../electron/core/sending/store';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { cliEnv, offlineProfile, phones, SIGN } from './helpers';

const BIN = fileURLToPath(new URL('../../../bin/jst-sms.mjs', import.meta.url));
const NUMBERS = 20_000;
const TEMPLATE = 'SMS_CRASH';
const PHASES = ['before-call', 'during-call', 'after-response', 'after-commit', 'random'] as const;
type Phase = (typeof PHASES)[number];
const KILLS = 20;
const BATCHSEND = 'taobao.jst.sms.message.direct.batchsend';
const REJECTED_NUMBER_INDEX = 4_321;

let gw: TopGateway;
let profile: string;
let campaignId: number;
const list = phones(NUMBERS, '139');

beforeAll(async () => {
  gw = await startTopGateway();
  gw.control.seedTemplate({ code: TEMPLATE, content: '${name}您好，您的订单已发货', type: 1, status: 'approved' });
  gw.control.seedSignature({ name: SIGN, status: 'approved' });
  gw.control.rejectNumber(list[REJECTED_NUMBER_INDEX]!, 'isv.MOBILE_NUMBER_ILLEGAL');
  profile = mkdtempSync(join(tmpdir(), 'jst-send-crash-'));

  const { db, ctx, suppression, templateId } = offlineProfile(profile, TEMPLATE, '${name}您好，您的订单已发货');
  campaignId = createDraftFromRecipients(ctx, suppression, {
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

interface KillPlan {
  phase: Phase;
  /** Kill at the (skip + 1)-th window of that phase; for 'random': gates answered before the kill. */
  skip: number;
  onKill: () => void;
}

function runSend(args: string[], killAt?: KillPlan): Promise<Run> {
  const child = spawn(process.execPath, [BIN, 'send', '--resume', String(campaignId), ...args], {
    env: {
      ...cliEnv(profile, gw),
      JST_SEND_MAX_IN_FLIGHT: '2',
      ...(killAt ? { JST_SEND_TEST_HOOKS: 'gate' } : {}),
    },
    stdio: [killAt ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const run: Run = { stdout: '', stderr: '', code: null, signal: null };
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let killed = false;
  let seen = 0;
  let answered = 0;
  let randomArmed = false;
  const kill = () => {
    if (killed) return;
    killed = true;
    child.kill('SIGKILL');
    killAt?.onKill();
  };
  /** True when this window is where the kill lands (the window is then never answered). */
  const landsHere = (phase: Phase) => {
    if (killed || randomArmed) return true;
    if (killAt?.phase === phase && seen++ >= killAt.skip) {
      kill();
      return true;
    }
    return false;
  };
  const answer = (line: string) => {
    if (killAt?.phase === 'random' && ++answered > killAt.skip && !randomArmed) {
      // Somewhere between this answer and the next window: in a transaction, an HTTP call, a reconciliation.
      randomArmed = true;
      setTimeout(kill, randomInt(0, 30));
    }
    child.stdin?.write(`${line}\n`);
  };
  gw.control.holdAnswers(BATCHSEND, async () => {
    // The platform executed the call; its answer waits here while the kill lands.
    if (killAt?.phase === 'during-call' && landsHere('during-call')) await exited;
  });
  let buffered = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    run.stderr += text;
    buffered += text;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const m = /^@@((before-call|after-response|after-commit) \S+)$/.exec(line);
      if (m && !landsHere(m[2] as Phase)) answer(m[1]!);
    }
  });
  child.stdout!.on('data', (chunk: Buffer) => (run.stdout += chunk.toString('utf8')));
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      gw.control.holdAnswers(BATCHSEND, null);
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
  it('sends no number twice and accounts for every number', { timeout: 420_000 }, async () => {
    const hits: Record<Phase, number> = { 'before-call': 0, 'during-call': 0, 'after-response': 0, 'after-commit': 0, random: 0 };
    let kills = 0;
    for (let i = 0; i < KILLS; i++) {
      const phase = PHASES[i % PHASES.length]!;
      const skip = phase === 'random' ? randomInt(1, 6) : randomInt(0, 2);
      const run = await runSend(['--json'], { phase, skip, onKill: () => hits[phase]++ });
      expect(run.signal, `run ${i + 1} (${phase}) ended without its kill: ${run.stderr.slice(-500)}`).toBe('SIGKILL');
      kills++;
      expect(Math.max(0, ...Object.values(gw.counters.sendsByNumber)), `after kill ${kills}`).toBeLessThanOrEqual(1);
    }
    expect(kills).toBe(KILLS);

    // Restart without kills until the campaign settles (reconciling what the last kill left unknown).
    const settled = await runSend(['--json']);
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
    for (const phase of PHASES) expect(hits[phase], `kills at ${phase}`).toBe(KILLS / PHASES.length);
  });
});
