// The poller and the message service against the simulator, with the official SDK underneath.
import { afterEach, describe, expect, it } from 'vitest';
import type { AppStatus } from '../../../shared/contract';
import { requests } from '../../../shared/contract';
import { messageHandlers } from '../../../electron/core/features/messages';
import { MqPoller, type ConsumerStatus } from '../../../electron/core/mq/poller';
import { createMessageService, type MessageService } from '../../../electron/core/mq/service';
import { MessageStore } from '../../../electron/core/mq/store';
import { openDatabase } from '../../../electron/core/db/database';
import { startMqSimulator, type FaultRule, type MqSimulator, type MqSimulatorOptions } from '../../../electron/sim/mq-http';
import { FakeClock } from '../../helpers/fake-clock';
import { count, createTestContext, eventsOf, simConfig, simSettings, testLogger, waitFor, type TestContext } from './helpers';

const FAST = { waitSeconds: 1, backoffBaseMs: 20, backoffMaxMs: 100, ackRetryDelayMs: 20 };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sim(options: MqSimulatorOptions = {}) {
  const s = await startMqSimulator(options);
  cleanups.push(() => s.close());
  return s;
}

async function context(s: MqSimulator | null, extra: Parameters<typeof createTestContext>[0] = {}) {
  const t = await createTestContext({
    mq: s ? simSettings(s) : undefined,
    secrets: s ? { accessKeyId: s.accessKeyId, accessKeySecret: s.accessKeySecret } : undefined,
    ...extra,
  });
  cleanups.push(() => t.close());
  return t;
}

function service(t: TestContext): MessageService {
  const svc = createMessageService(t.ctx, { poller: FAST, testTimeoutMs: 3_000 });
  svc.start();
  return svc;
}

const pollerStates = (t: TestContext) => eventsOf(t.events, 'status.changed').map((s: AppStatus) => s.poller);

describe('message service', () => {
  it('stores reports and replies, emits events, acks, and reports status', async () => {
    const s = await sim();
    const t = await context(s);
    service(t);
    const report = s.publishReport({ receiver: '+86 138 0000 0001' });
    const reply = s.publishReply({ content: '退订' });
    await waitFor(() => eventsOf(t.events, 'reply.received').length === 1 && eventsOf(t.events, 'delivery.updated').length >= 1, 'events');
    await waitFor(() => s.control.drained(), 'acks');

    const [delivered] = eventsOf(t.events, 'delivery.updated').flatMap((e) => e.reports);
    expect(delivered).toMatchObject({ bizId: report.fields.biz_id, phone: '13800000001', success: true, messageId: report.messageId });
    expect(eventsOf(t.events, 'reply.received')[0]!.reply).toMatchObject({ smsSeq: reply.fields.sms_seq, content: '退订', messageId: reply.messageId });
    expect(count(t.ctx.db, 'delivery_reports')).toBe(1);
    expect(count(t.ctx.db, 'replies')).toBe(1);
    // Counter updates reach the status bar coalesced, a moment later.
    const status = await waitFor(() => (t.ctx.status.get().poller.acked === 2 ? t.ctx.status.get().poller : null), 'status counters');
    expect(status).toMatchObject({ state: 'polling', received: 2, acked: 2, quarantined: 0 });
    expect(status.lastMessageAt).toMatch(/^\d{4}-/);
    expect(pollerStates(t).map((p) => p.state)).toEqual(expect.arrayContaining(['connecting', 'polling']));
  });

  it('coalesces counter updates so a backlog does not flood the status bar', async () => {
    const s = await sim();
    const t = await context(s);
    for (let i = 0; i < 160; i++) s.publishReport();
    service(t);
    await waitFor(() => s.control.drained(), 'backlog acked');
    await waitFor(() => t.ctx.status.get().poller.acked === 160, 'final counters');
    // Ten batches would be thirty counter updates without coalescing.
    expect(pollerStates(t).length).toBeLessThan(20);
  });

  it('processes a redelivery (after a refused ack and the invisibility time) exactly once', async () => {
    const s = await sim({ invisibilityMs: 200 });
    const t = await context(s);
    s.control.addFault({ kind: 'ackPartial', count: 1 });
    service(t);
    s.publishReply({ sms_seq: '42' });
    s.publishReport();
    await waitFor(() => s.counters.redelivered >= 1 && s.control.drained(), 'redelivery acked', 8_000);
    expect(count(t.ctx.db, 'replies')).toBe(1);
    expect(count(t.ctx.db, 'delivery_reports')).toBe(1);
    expect(eventsOf(t.events, 'reply.received')).toHaveLength(1);
    expect(t.logs.some((l) => l.includes('ack partly failed') && l.includes('ReceiptHandleError'))).toBe(true);
    await waitFor(() => t.ctx.status.get().poller.received === 3, 'received counts the redelivery');
  });

  it('processes the same report or reply published twice (two MessageIds) once', async () => {
    const s = await sim();
    const t = await context(s);
    service(t);
    const reply = s.publishReply();
    s.publishReply(reply.fields, { format: 'raw', tag: 'SmsUp' });
    const report = s.publishReport();
    s.publishReport(report.fields, { format: 'tmc-object' });
    await waitFor(() => s.counters.acked === 4, 'acks');
    expect(count(t.ctx.db, 'replies')).toBe(1);
    expect(count(t.ctx.db, 'delivery_reports')).toBe(1);
    expect(t.ctx.db.prepare("SELECT COUNT(*) FROM mq_messages WHERE outcome = 'duplicate'").pluck().get()).toBe(2);
    expect(eventsOf(t.events, 'reply.received')).toHaveLength(1);
    expect(eventsOf(t.events, 'delivery.updated').flatMap((e) => e.reports)).toHaveLength(1);
  });

  it('quarantines poison messages and acks them (no poison loop)', async () => {
    const s = await sim({ invisibilityMs: 100 });
    const t = await context(s);
    const svc = service(t);
    s.publish('not json at all', { tag: 'alibaba_aliqin_FcSmsUp' });
    s.publish('[{"biz_id":"1"}]');
    s.publish(JSON.stringify({ topic: 'alibaba_aliqin_DigitalSmsTemplateDR', content: '{}' }), { tag: 'x' });
    s.publish(JSON.stringify({ biz_id: '', state: '1' }), { tag: 'alibaba_aliqin_TaFcSmsDR' });
    await waitFor(() => s.counters.acked === 4, 'acks');
    // Nothing in flight any more: none of them can come back after the invisibility time.
    expect(s.control.drained()).toBe(true);
    expect(s.counters.redelivered).toBe(0);
    expect(count(t.ctx.db, 'quarantine')).toBe(4);
    await waitFor(() => t.ctx.status.get().poller.quarantined === 4, 'quarantined count');
    const page = svc.store.listQuarantine({ page: 1, pageSize: 10 });
    expect(page.items.map((q) => q.body)).toContain('not json at all');
    expect(page.items.every((q) => q.reason.length > 0)).toBe(true);
  });

  const consumeFaults: Array<[FaultRule, string]> = [
    [{ kind: 'reset', op: 'consume' }, 'network'],
    [{ kind: 'http5xx', op: 'consume' }, 'protocol'],
    [{ kind: 'internalError', op: 'consume' }, 'server'],
    [{ kind: 'emptyMessages' }, 'protocol'],
    [{ kind: 'malformedXml', op: 'consume' }, 'protocol'],
    [{ kind: 'signatureMismatch', op: 'consume' }, 'signature'],
  ];
  it.each(consumeFaults)('survives a consume fault %o with a backoff status (%s)', async (fault, category) => {
    const s = await sim();
    const t = await context(s);
    s.control.addFault(fault);
    service(t);
    await waitFor(() => pollerStates(t).find((p) => p.state === 'backoff'), 'backoff status');
    s.publishReply();
    await waitFor(() => count(t.ctx.db, 'replies') === 1 && s.control.drained(), 'recovery');
    const backoff = pollerStates(t).find((p) => p.state === 'backoff')!;
    expect(backoff.reason).toMatch(/[\u4e00-\u9fff]/);
    const logged = t.logs.find((l) => l.includes('backing off'));
    expect(JSON.parse(logged!)).toMatchObject({ category });
    await waitFor(() => t.ctx.status.get().poller.state === 'polling', 'polling again');
  });

  it('survives consume latency and resets of reused keep-alive sockets without losing anything', async () => {
    const s = await sim();
    const t = await context(s);
    s.control.addFault({ kind: 'latency', op: 'consume', delayMs: 100, times: 2 });
    s.control.addFault({ kind: 'resetOnReuse', times: 3 });
    service(t);
    for (let i = 0; i < 5; i++) {
      s.publishReport();
      await new Promise((r) => setTimeout(r, 40));
    }
    // Every new long poll reuses the consume socket, so all three resets are hit sooner or later.
    await waitFor(
      () => count(t.ctx.db, 'delivery_reports') === 5 && s.control.drained() && s.control.faults().length === 0,
      'all stored and acked, all faults hit',
    );
    expect(s.counters.faultsInjected).toBe(5);
  });

  it('survives the server closing idle keep-alive sockets', async () => {
    const s = await sim({ keepAliveTimeoutMs: 20 });
    const t = await context(s);
    service(t);
    for (let i = 0; i < 5; i++) {
      s.publishReply();
      await new Promise((r) => setTimeout(r, 60));
      s.control.closeIdleSockets();
    }
    await waitFor(() => count(t.ctx.db, 'replies') === 5 && s.control.drained(), 'all stored and acked');
  });

  it.each<[FaultRule]>([[{ kind: 'http5xx', op: 'ack' }], [{ kind: 'reset', op: 'ack' }], [{ kind: 'malformedXml', op: 'ack' }]])(
    'retries a failed ack (%o)',
    async (fault) => {
      const s = await sim();
      const t = await context(s);
      s.control.addFault(fault);
      service(t);
      s.publishReply();
      await waitFor(() => s.control.drained(), 'ack retried');
      expect(s.counters.redelivered).toBe(0);
      expect(t.logs.some((l) => l.includes('mq ack failed'))).toBe(true);
      expect(count(t.ctx.db, 'replies')).toBe(1);
    },
  );

  it('survives an ack slower than the SDK\u2019s 3 s timeout (the server applied it)', async () => {
    const s = await sim();
    const t = await context(s);
    s.control.addFault({ kind: 'slowAck', delayMs: 3_200 });
    service(t);
    s.publishReply();
    await waitFor(() => t.logs.some((l) => l.includes('ack partly failed')), 'retried ack refused as spent', 8_000);
    expect(s.control.drained()).toBe(true);
    expect(count(t.ctx.db, 'replies')).toBe(1);
    expect(t.logs.some((l) => l.includes('mq ack failed') && l.includes('timeout'))).toBe(true);
  });

  it('stops promptly during a long poll and keeps persisted-but-unacked messages for the next start', async () => {
    const s = await sim({ invisibilityMs: 60_000 });
    const t = await context(s);
    s.control.addFault({ kind: 'reset', op: 'ack', times: Infinity });
    const first = createMessageService(t.ctx, { poller: { ...FAST, waitSeconds: 30 } });
    first.start();
    s.publishReply({ sms_seq: 'kept' });
    await waitFor(() => count(t.ctx.db, 'replies') === 1, 'persisted');
    await waitFor(() => s.control.state().queues[0]!.waiting === 1, 'back in a 30 s long poll', 8_000);
    await first.stop();
    expect(t.ctx.status.get().poller.state).toBe('stopped');
    await waitFor(() => s.control.state().queues[0]!.waiting === 0, 'server saw the poll end');
    expect(s.control.drained()).toBe(false);

    s.control.clearFaults();
    s.control.expireInvisibility();
    const second = createMessageService(t.ctx, { poller: FAST });
    second.start();
    await waitFor(() => s.control.drained(), 'redelivered and acked');
    await second.stop();
    expect(count(t.ctx.db, 'replies')).toBe(1);
    expect(eventsOf(t.events, 'reply.received')).toHaveLength(1);
  });

  it('on stop during a backlog, stores and acks the batch it already asked for instead of hiding it', async () => {
    const s = await sim();
    const t = await context(s);
    for (let i = 0; i < 48; i++) s.publishReport();
    const svc = createMessageService(t.ctx, { poller: FAST });
    let stopping: Promise<void> | null = null;
    let answered = 0;
    // The first consume is a long poll; after its full batch the poller asks for the next one with a short
    // poll. Stopping while that one is on the wire must not drop it.
    s.control.onRequest((e) => {
      if (e.op === 'consume' && e.phase === 'responded' && e.status === 200 && ++answered === 2) stopping = svc.stop();
    });
    svc.start();
    await waitFor(() => stopping, 'stop requested');
    await (stopping as Promise<void> | null); // assigned in the event callback, which TypeScript's narrowing does not see
    const delivered = s.counters.delivered;
    expect(delivered).toBe(32);
    expect(s.counters.acked).toBe(delivered);
    expect(count(t.ctx.db, 'delivery_reports')).toBe(delivered);
    expect(s.control.state().queues[0]!.inflight).toBe(0);
  });

  it('follows settings and vault changes: restart, lock, disable', async () => {
    const s = await sim({ topics: ['t_reports', 't_replies'], reportTopic: 't_reports', replyTopic: 't_replies' });
    const t = await context(s, { mq: simSettings(s, { topics: ['t_reports'] }) });
    service(t);
    s.publishReport();
    s.publishReply();
    await waitFor(() => count(t.ctx.db, 'delivery_reports') === 1, 'report');
    expect(count(t.ctx.db, 'replies')).toBe(0);

    t.ctx.settings.update('mq', { ...t.ctx.settings.get().mq, topics: ['t_reports', 't_replies'] });
    t.ctx.events.emit('settings.changed', { section: 'mq' });
    await waitFor(() => count(t.ctx.db, 'replies') === 1, 'reply after restart');

    t.ctx.vault.lock();
    t.ctx.events.emit('settings.changed', { section: 'vault' });
    // The pollers report 'stopped' as they wind down; the service's reason follows.
    const locked = await waitFor(
      () => (t.ctx.status.get().poller.state === 'stopped' && t.ctx.status.get().poller.reason ? t.ctx.status.get().poller : null),
      'stopped on lock',
    );
    expect(locked.reason).toContain('保险箱');
    await t.ctx.vault.unlock('correct horse battery');
    t.ctx.events.emit('settings.changed', { section: 'vault' });
    await waitFor(() => t.ctx.status.get().poller.state === 'polling', 'polling after unlock');

    t.ctx.settings.update('mq', { ...t.ctx.settings.get().mq, enabled: false });
    t.ctx.events.emit('settings.changed', { section: 'mq' });
    await waitFor(() => t.ctx.status.get().poller.state === 'disabled', 'disabled');
    expect(t.ctx.status.get().poller.received).toBe(2);
  });

  it('stays stopped with a reason while settings are incomplete', async () => {
    const t = await context(null);
    service(t);
    await waitFor(() => t.ctx.status.get().poller.reason, 'reason');
    expect(t.ctx.status.get().poller).toMatchObject({ state: 'stopped', reason: expect.stringContaining('MQ 设置不完整') });
  });

  it('reads two topics through two groups with a tag filter, and a sloppy endpoint', async () => {
    const s = await sim({
      topics: ['t_reports', 't_replies'],
      groups: ['GID_r', 'GID_u'],
      reportTopic: 't_reports',
      replyTopic: 't_replies',
      bodyFormat: 'raw',
      tagStyle: 'short',
    });
    const t = await context(s, {
      mq: simSettings(s, {
        endpoint: `${s.endpoint}/`,
        topics: ['t_reports', 't_replies'],
        groupId: 'GID_r,GID_u',
        messageTag: 'SmsReport,SmsUp',
        parsing: { topicKinds: { t_reports: 'report', t_replies: 'reply' } } as never,
      }),
    });
    service(t);
    s.publishReport();
    s.publishReply();
    s.publish('{"noise":true}', { topic: 't_replies', tag: 'Other' });
    await waitFor(() => count(t.ctx.db, 'delivery_reports') === 1 && count(t.ctx.db, 'replies') === 1, 'both kinds');
    await waitFor(() => s.counters.filtered === 1, 'noise filtered by tag');
    expect(count(t.ctx.db, 'quarantine')).toBe(0);
    expect(t.logs.some((l) => l.includes('mq endpoint path ignored'))).toBe(true);
  });
});

describe('测试连接 (testConnection)', () => {
  it('succeeds, and processes a message it happens to receive instead of hiding it', async () => {
    const s = await sim();
    const t = await context(s, { mq: simSettings(s, { enabled: false }) });
    const svc = createMessageService(t.ctx, { testTimeoutMs: 3_000 });
    const reply = s.publishReply();
    const result = await svc.testConnection();
    expect(result).toMatchObject({ ok: true, category: 'ok', detail: { received: 1 } });
    expect(s.control.drained()).toBe(true);
    expect(svc.store.listReplies({ page: 1, pageSize: 5 }).items[0]!.smsSeq).toBe(reply.fields.sms_seq);
    expect(await svc.testConnection({ endpoint: `${s.endpoint}/` })).toMatchObject({ ok: true, detail: { endpointAdjusted: true } });
  });

  it.each<[string, (s: MqSimulator) => Record<string, unknown>, string]>([
    ['a wrong secret', () => ({ accessKeySecret: 'wrong-secret' }), 'signature'],
    ['an unknown AccessKey ID', () => ({ accessKeyId: 'LTAI5tUnknown' }), 'accessKey'],
    ['an unknown topic', () => ({ topics: ['no_such_topic'] }), 'topic'],
    ['an unknown group', () => ({ groupId: 'GID_unknown' }), 'group'],
    ['a wrong instance', () => ({ instanceId: 'MQ_INST_other' }), 'permission'],
    ['an unreachable endpoint', () => ({ endpoint: 'http://127.0.0.1:9' }), 'network'],
    ['a missing field', () => ({ groupId: '' }), 'config'],
  ])('explains %s', async (_what, overrides, category) => {
    const s = await sim();
    const t = await context(s, { mq: simSettings(s, { enabled: false }) });
    const svc = createMessageService(t.ctx, { testTimeoutMs: 3_000 });
    const result = await svc.testConnection(overrides(s));
    expect(result).toMatchObject({ ok: false, category });
    expect(result.message).toMatch(/[\u4e00-\u9fff]/);
    expect(JSON.stringify(result)).not.toContain(s.accessKeySecret);
  });

  it('says the vault is locked when the saved keys cannot be read', async () => {
    const s = await sim();
    const t = await context(s, { mq: simSettings(s, { enabled: false }), unlocked: false });
    const result = await createMessageService(t.ctx).testConnection();
    expect(result).toMatchObject({ ok: false, category: 'config', message: expect.stringContaining('保险箱未解锁') });
  });
});

describe('contract handlers', () => {
  it('serve the lists with schema defaults and run the connection test', async () => {
    const s = await sim();
    const t = await context(s);
    const service = createMessageService(t.ctx);
    service.start();
    const handlers = messageHandlers(t.ctx, service);
    s.publishReport({ biz_id: '7^7', receiver: '13800000007' });
    s.publishReply({ sender: '13900000009' });
    s.publish('junk');
    await waitFor(() => s.counters.acked === 3, 'acks');
    const page = requests['messages.deliveries.list'].input.parse({});
    expect(page).toEqual({ page: 1, pageSize: 50 });
    expect((await handlers['messages.deliveries.list']({ ...page, bizId: '7^7' })).items[0]).toMatchObject({ phone: '13800000007' });
    expect((await handlers['messages.replies.list']({ page: 1, pageSize: 10, phone: '13900000009' })).total).toBe(1);
    expect((await handlers['messages.quarantine.list']({ page: 1, pageSize: 10 })).items[0]!.body).toBe('junk');
    expect(requests['setup.testMq'].input.safeParse({ accessKeySecret: 'x', extra: 1 }).success).toBe(false);
    expect(await handlers['setup.testMq'](requests['setup.testMq'].input.parse({}))).toMatchObject({ ok: true });
  });
});

describe('MqPoller', () => {
  it('drains with short polls and stops at the first empty answer', async () => {
    const s = await sim();
    const db = openDatabase(':memory:');
    cleanups.push(() => void db.close());
    for (let i = 0; i < 40; i++) s.publishReport();
    const statuses: ConsumerStatus[] = [];
    const poller = new MqPoller(simConfig(s), { topic: s.topics[0]!, groupId: s.groups[0]!, messageTag: '' }, new MessageStore(db, 1), testLogger(), {
      onStatus: (st) => statuses.push(st),
    });
    await poller.drain();
    expect(s.control.drained()).toBe(true);
    expect(s.counters.consumeRequests).toBe(4);
    expect(poller.status()).toMatchObject({ state: 'stopped', received: 40, acked: 40 });
    await poller.stop();
  });

  it('drain throws non-empty errors after keeping what it already stored', async () => {
    const s = await sim();
    const db = openDatabase(':memory:');
    cleanups.push(() => void db.close());
    for (let i = 0; i < 20; i++) s.publishReply();
    const poller = new MqPoller(simConfig(s), { topic: s.topics[0]!, groupId: s.groups[0]!, messageTag: '' }, new MessageStore(db, 1), testLogger());
    let consumes = 0;
    s.control.onRequest((e) => {
      if (e.op === 'consume' && e.phase === 'responded' && ++consumes === 1) s.control.addFault({ kind: 'signatureMismatch', op: 'consume' });
    });
    await expect(poller.drain()).rejects.toMatchObject({ Code: 'SignatureDoesNotMatch' });
    expect(db.prepare('SELECT COUNT(*) FROM replies').pluck().get()).toBe(16);
    expect(s.counters.acked).toBe(16);
  });

  it('rejects option values the API does not allow', async () => {
    const s = await sim();
    const make = (options: object) => new MqPoller(simConfig(s), { topic: 't', groupId: 'g', messageTag: '' }, null as never, testLogger(), {}, options);
    expect(() => make({ batchSize: 17 })).toThrow(RangeError);
    expect(() => make({ waitSeconds: 0 })).toThrow(RangeError);
  });
});

describe('poller backoff on the injected clock', () => {
  it('waits the jittered backoff on ctx.clock: no retry until that much time has passed, then it recovers', async () => {
    const s = await sim();
    const t = await context(s);
    const clock = new FakeClock('2026-12-01 10:00', 0.5);
    s.control.addFault({ kind: 'http5xx', op: 'consume', times: s.topics.length }); // each consumer's first poll
    const svc = createMessageService({ ...t.ctx, clock }, { poller: { ...FAST, backoffBaseMs: 10_000, backoffMaxMs: 60_000 }, testTimeoutMs: 3_000 });
    svc.start();
    cleanups.push(() => svc.stop());
    // First failure: 10 s ceiling, equal jitter at 0.5 → 7.5 s, one wait per consumer.
    await waitFor(() => clock.pending().length === s.topics.length && clock.pending().every((ms) => ms === 7_500), 'backoff sleeps');
    const consumes = s.counters.consumeRequests;
    s.publishReply();
    await clock.advance(7_499);
    expect(clock.pending().length).toBe(s.topics.length); // still waiting: nothing consumed yet
    expect(s.counters.consumeRequests).toBe(consumes);
    await clock.advance(1);
    await waitFor(() => count(t.ctx.db, 'replies') === 1 && s.control.drained(), 'recovered after the backoff');
  });
});
