// Crash safety: `jst-sms mq poll` is SIGKILLed over and over at chosen points (right after a consume
// answer, between persist and ack, while the server handles the ack, after the ack answer, at random)
// while new messages keep arriving. Afterwards every report and reply must be stored exactly once.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMqSimulator, type MqSimulator } from '../../../electron/sim/mq-http';

const BIN = fileURLToPath(new URL('../../../bin/jst-sms.mjs', import.meta.url));
const PHASES = ['consume-answered', 'after-persist', 'ack-received', 'ack-answered', 'random'] as const;
type Phase = (typeof PHASES)[number];
const ITERATION_BUDGET_MS = 24_000;
const MAX_ITERATIONS = 25;

let sim: MqSimulator;
let profile: string;
beforeAll(async () => {
  sim = await startMqSimulator({ invisibilityMs: 250 });
  profile = mkdtempSync(join(tmpdir(), 'jst-mq-crash-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(profile, { recursive: true, force: true });
});

interface Run {
  lines: string[];
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

function runPoller(args: string[], killAt?: { phase: Phase; skip: number; onKill: () => void }): Promise<Run> {
  const env = { ...process.env };
  delete env.JST_SMS_PASSPHRASE;
  const child = spawn(process.execPath, [BIN, 'mq', 'poll', ...args], {
    env: {
      ...env,
      JST_SMS_PROFILE: profile,
      JST_MQ_ENDPOINT: sim.endpoint,
      JST_MQ_INSTANCE_ID: sim.instanceId,
      JST_MQ_TOPIC: sim.topics[0],
      JST_MQ_GROUP_ID: sim.groups[0],
      JST_MQ_ACCESS_KEY_ID: sim.accessKeyId,
      JST_MQ_ACCESS_KEY_SECRET: sim.accessKeySecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { lines: [], stderr: '', code: null, signal: null };
  let buffered = '';
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
  const off = sim.control.onRequest((e) => {
    if (e.op === 'consume' && e.phase === 'responded' && e.status === 200) at('consume-answered');
    if (e.op === 'ack' && e.phase === 'received') at('ack-received');
    if (e.op === 'ack' && e.phase === 'responded') at('ack-answered');
  });
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const line of parts) {
      run.lines.push(line);
      // Lines are written after the batch is committed and before it is acked.
      at('after-persist');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString('utf8')));
  const timers = killAt ? [setTimeout(kill, killAt.phase === 'random' ? randomInt(900, 1_600) : 5_000)] : [];
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      off();
      for (const t of timers) clearTimeout(t);
      run.code = code;
      run.signal = signal;
      resolve(run);
    });
  });
}

describe('mq poll under SIGKILL', () => {
  it('loses nothing and stores nothing twice', { timeout: 90_000 }, async () => {
    const reports = new Map<string, { biz_id: string; receiver: string }>();
    const replies = new Set<string>();
    const poison = new Set<string>();
    const messageIds = new Set<string>();
    const publishChunk = (i: number) => {
      for (let k = 0; k < 10; k++) {
        const r = sim.publishReport({ biz_id: `${100000 + i}^${k}`, receiver: `1380000${String(i).padStart(2, '0')}${String(k).padStart(2, '0')}` });
        reports.set(`${r.fields.biz_id}|${r.fields.receiver}`, r.fields);
        messageIds.add(r.messageId);
      }
      for (let k = 0; k < 5; k++) {
        const u = sim.publishReply({ sms_seq: `9${i}${k}${'0'.repeat(16)}` });
        replies.add(u.fields.sms_seq);
        messageIds.add(u.messageId);
      }
      // The same report and reply pushed again under new MessageIds, and one unreadable message.
      const [, first] = [...reports.values()].slice(-10);
      messageIds.add(sim.publishReport(first, { format: 'raw' }).messageId);
      messageIds.add(sim.publishReply({ sms_seq: [...replies][replies.size - 1] }).messageId);
      const bad = sim.publish(`{"broken": ${i}`, { tag: 'alibaba_aliqin_FcSmsUp' });
      poison.add(bad.messageId);
      messageIds.add(bad.messageId);
    };

    const hits: Record<Phase, number> = { 'consume-answered': 0, 'after-persist': 0, 'ack-received': 0, 'ack-answered': 0, random: 0 };
    const allLines: string[] = [];
    const started = Date.now();
    let iteration = 0;
    while (iteration < MAX_ITERATIONS && (Date.now() - started < ITERATION_BUDGET_MS || iteration < PHASES.length * 2)) {
      publishChunk(iteration);
      const phase = PHASES[iteration % PHASES.length]!;
      const run = await runPoller(['--json'], { phase, skip: randomInt(0, 2), onKill: () => hits[phase]++ });
      expect(run.signal, run.stderr).toBe('SIGKILL');
      allLines.push(...run.lines);
      iteration++;
    }

    // Whatever the last kill left in flight comes back after the invisibility time.
    for (let attempt = 0; attempt < 8 && !sim.control.drained(); attempt++) {
      await new Promise((r) => setTimeout(r, 300));
      const run = await runPoller(['--once', '--json']);
      expect(run.code, run.stderr).toBe(0);
      allLines.push(...run.lines);
    }
    expect(sim.control.drained()).toBe(true);
    expect(sim.counters.redelivered).toBeGreaterThan(0);
    for (const phase of PHASES) expect(hits[phase], `kills at ${phase}`).toBeGreaterThan(0);

    const db = new Database(join(profile, 'jst-sms.db'), { readonly: true });
    try {
      const storedReports = db.prepare("SELECT biz_id || '|' || phone AS k FROM delivery_reports").pluck().all() as string[];
      expect(storedReports.length).toBe(reports.size);
      expect(new Set(storedReports)).toEqual(new Set(reports.keys()));
      const storedReplies = db.prepare('SELECT sms_seq FROM replies').pluck().all() as string[];
      expect(storedReplies.length).toBe(replies.size);
      expect(new Set(storedReplies)).toEqual(replies);
      expect(new Set(db.prepare('SELECT message_id FROM quarantine').pluck().all())).toEqual(poison);
      expect(new Set(db.prepare('SELECT message_id FROM mq_messages').pluck().all())).toEqual(messageIds);
    } finally {
      db.close();
    }

    // No report or reply was announced as new twice, whatever the kills did.
    const announced = new Map<string, number>();
    for (const line of allLines) {
      let item: { kind: string; duplicate: string | null; bizId?: string; phone?: string; smsSeq?: string };
      try {
        item = JSON.parse(line) as typeof item;
      } catch {
        continue;
      }
      if (item.duplicate !== null || item.kind === 'quarantined') continue;
      const key = item.kind === 'report' ? `r:${item.bizId}|${item.phone}` : `u:${item.smsSeq}`;
      announced.set(key, (announced.get(key) ?? 0) + 1);
    }
    expect([...announced.values()].every((n) => n === 1)).toBe(true);
    expect(iteration).toBeGreaterThanOrEqual(PHASES.length * 2);
  });
});
