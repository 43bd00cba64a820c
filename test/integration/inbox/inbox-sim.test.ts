// Replies through the strict RocketMQ simulator into the inbox (threads, unread, opt-outs → suppression), and the
// real ledger on the TOP simulator honouring those opt-outs, before preparation and mid-campaign.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isInsideWindow, nextWindowOpen } from '../../../shared/time/beijing';
import { createInboxService } from '../../../electron/core/inbox/service';
import { MqPoller } from '../../../electron/core/mq/poller';
import { MessageStore } from '../../../electron/core/mq/store';
import { createDraftFromRecipients } from '../../../electron/core/sending';
import { SuppressionStore } from '../../../electron/core/suppression/store';
import { startMqSimulator, type MqSimulator } from '../../../electron/sim/mq-http';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { simConfig, testLogger, waitFor } from '../mq/helpers';
import { phones, SIGN, sendingEnv } from '../sending/helpers';

let gw: TopGateway;
let mq: MqSimulator;
beforeAll(async () => {
  gw = await startTopGateway();
});
afterAll(async () => gw.close());
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  gw.control.clearFaults();
  gw.control.clearSends();
  gw.control.resetCounters();
});

// Opt-outs stop marketing (template type 2), which is sent only inside its daily window: the module's clock is now, or
// the next opening when now is outside it (never before the replies it is compared with).
const WINDOW = { start: '08:00', end: '20:00' };
const inWindow = () => (isInsideWindow(WINDOW, Date.now()) ? Date.now() : nextWindowOpen(WINDOW, Date.now()));

async function setup(opts: { qps?: number } = {}) {
  mq = await startMqSimulator({ invisibilityMs: 200 });
  cleanups.push(() => mq.close());
  const env = sendingEnv(gw, { qps: opts.qps, module: { now: inWindow } });
  cleanups.push(() => env.close());
  const inbox = createInboxService(env.ctx, { suppression: env.suppression });
  const config = simConfig(mq);
  const store = new MessageStore(env.ctx.db, 1);
  const drain = async () => {
    const poller = new MqPoller(config, config.consumers[0]!, store, testLogger(), {}, { waitSeconds: 1, ackRetryDelayMs: 10 });
    await poller.drain();
    await poller.stop();
  };
  return { env, inbox, drain, suppression: new SuppressionStore(env.ctx) };
}

describe('inbox over the MQ simulator', () => {
  it('threads, unread counts, certain opt-outs suppressed at once, likely flagged; duplicates and redeliveries change nothing', async () => {
    const { env, inbox, drain, suppression } = await setup();
    mq.publishReply({ sender: '13800000001', content: 'ＴＤ', sms_seq: 's1' });
    mq.publishReply({ sender: '13800000002', content: 'T恤什么时候发货', sms_seq: 's2' });
    mq.publishReply({ sender: '13800000003', content: '请帮我退订，谢谢', sms_seq: 's3' });
    mq.publishReply({ sender: '+86 138 0000 0004', content: '你好', sms_seq: 's4' });
    mq.publishReply({ sender: '13800000004', content: '在吗', sms_seq: 's5' });
    // One ack refused: that message comes back after the invisibility time and is recognised.
    mq.control.addFault({ kind: 'ackPartial', count: 1, times: 1 });
    await drain();

    const snapshot = () => ({
      threads: inbox.threads({ filter: 'all', page: 1, pageSize: 50 }).items.map((t) => [t.phone, t.unread, t.replies, t.likelyOptOut]),
      unread: inbox.unread(),
      suppressed: suppression.list({ page: 1, pageSize: 50 }).items.map((e) => [e.phone, e.source, e.replyId !== null]),
      fts: env.ctx.db.prepare('SELECT COUNT(*) FROM inbox_fts').pluck().get(),
    });
    const first = snapshot();
    expect(first.unread).toEqual({ total: 5, threads: 4 });
    expect(first.threads).toHaveLength(4);
    expect(first.threads).toContainEqual(['13800000004', 2, 2, false]);
    expect(first.threads).toContainEqual(['13800000003', 1, 1, true]);
    expect(first.suppressed).toEqual([['13800000001', 'reply', true]]);
    const entry = suppression.entryOf('13800000001')!;
    expect(inbox.thread('13800000001', 10).messages[0]).toMatchObject({ kind: 'reply', id: entry.replyId, optOut: 'certain' });
    expect(inbox.thread('13800000002', 10).messages[0]).toMatchObject({ optOut: 'none' });
    // Alerts: not for the opt-out that just put its number on the list, not for a number the seller 拉黑.
    const replyOf = (phone: string) =>
      env.ctx.db.prepare('SELECT id, phone FROM replies WHERE phone = ? ORDER BY id LIMIT 1').get(phone) as { id: number; phone: string };
    expect(inbox.shouldNotify(replyOf('13800000001'))).toBe(false);
    expect(inbox.shouldNotify(replyOf('13800000002'))).toBe(true);
    expect(inbox.shouldNotify(replyOf('13800000003'))).toBe(true); // 疑似退订 waits for the seller: still shown
    inbox.block('13800000004', true);
    expect(inbox.shouldNotify(replyOf('13800000004'))).toBe(false);
    inbox.block('13800000004', false);

    // Redelivery of the refused one, the same sms_seq under a new MessageId, and an explicit expiry.
    mq.publishReply({ sender: '13800000001', content: 'ＴＤ', sms_seq: 's1' });
    mq.publishReply({ sender: '13800000004', content: '在吗', sms_seq: 's5' });
    mq.control.expireInvisibility(); // the refused one is visible again now, not after its invisibility time
    await drain();
    expect(mq.control.drained()).toBe(true);
    expect(snapshot()).toEqual(first);

    // Read state and the 疑似退订 decision.
    inbox.markRead('13800000004', true);
    expect(inbox.unread()).toEqual({ total: 3, threads: 3 });
    inbox.markRead('13800000004', false);
    expect(inbox.unread().total).toBe(4);
    const likely = inbox.thread('13800000003', 10).likelyOptOutReplyId!;
    inbox.decideOptOut(likely, true);
    expect(suppression.entryOf('13800000003')).toMatchObject({ reason: 'optout', source: 'reply', replyId: likely });
    expect(inbox.threads({ filter: 'likely', page: 1, pageSize: 10 }).total).toBe(0);

    // Search: ≥ 3 characters through FTS, shorter through the bounded scan, numbers too.
    expect(inbox.threads({ filter: 'all', search: '什么时候', page: 1, pageSize: 10 }).items.map((t) => t.phone)).toEqual(['13800000002']);
    expect(inbox.threads({ filter: 'all', search: '在吗', page: 1, pageSize: 10 }).items.map((t) => t.phone)).toEqual(['13800000004']);
    expect(inbox.threads({ filter: 'all', search: '0000003', page: 1, pageSize: 10 }).items.map((t) => t.phone)).toEqual(['13800000003']);
    expect(inbox.threads({ filter: 'all', search: '%', page: 1, pageSize: 10 }).total).toBe(0);
    expect(inbox.threads({ filter: 'all', search: '"*', page: 1, pageSize: 10 }).total).toBe(0);
    // Control characters (a NUL made FTS5 fail with INTERNAL) are searched as spaces.
    expect(inbox.threads({ filter: 'all', search: '\u0000', page: 1, pageSize: 10 }).total).toBe(4);
    expect(inbox.threads({ filter: 'all', search: '什么时候\u0000\u0007', page: 1, pageSize: 10 }).items.map((t) => t.phone)).toEqual(['13800000002']);
    expect(inbox.threads({ filter: 'all', search: '什\u0000么时候', page: 1, pageSize: 10 }).total).toBe(0);

    // A marketing campaign prepared afterwards skips the opted-out numbers; the thread then shows what was sent.
    const tpl = env.template('SMS_INBOX1', '${name}您好，新品上架，拒收请回复R', 2);
    env.signature();
    const list = ['13800000001', '13800000002', '13800000003', '13800000005'];
    const id = createDraftFromRecipients(env.ctx, env.suppression, {
      name: 'after',
      kind: 'campaign',
      templateId: tpl,
      signName: SIGN,
      recipients: list.map((p) => ({ phone: p, vars: { name: `买家${p.slice(-1)}` } })),
    });
    env.module.startBackground();
    await env.module.start(id);
    expect((await env.module.engine.settled(id))?.state).toBe('completed');
    expect(env.module.store.counts(id)).toMatchObject({ suppressed: 2, submitted: 2 });
    expect(gw.counters.sendsByNumber['13800000001']).toBeUndefined();
    expect(gw.counters.sendsByNumber['13800000003']).toBeUndefined();
    inbox.indexSent();
    const thread = inbox.thread('13800000002', 10);
    expect(thread.messages.map((m) => m.kind)).toEqual(['sent', 'reply']);
    expect(thread.messages[0]).toMatchObject({ kind: 'sent', text: `【${SIGN}】买家2您好，新品上架，拒收请回复R`, state: 'submitted', campaignName: 'after' });
    // A number we only sent to is not listed, but search finds it (by number and by sent text).
    expect(inbox.threads({ filter: 'all', page: 1, pageSize: 50 }).items.map((t) => t.phone)).not.toContain('13800000005');
    expect(inbox.threads({ filter: 'all', search: '13800000005', page: 1, pageSize: 10 }).items.map((t) => t.phone)).toEqual(['13800000005']);
    expect(inbox.threads({ filter: 'all', search: '买家5', page: 1, pageSize: 10 }).items.map((t) => t.phone)).toEqual(['13800000005']);
  });

  it('an opt-out that arrives mid-campaign removes the number from the marketing chunks not yet sent', async () => {
    const { env, drain, suppression } = await setup({ qps: 1 }); // 5 chunks over ~4 s: room for the reply to arrive first
    const tpl = env.template('SMS_INBOX2', '亲，${name}您好，新品8折，拒收请回复R', 2);
    env.signature();
    const list = phones(1000, '139');
    const late = list[950]!; // in the last chunk
    const id = createDraftFromRecipients(env.ctx, env.suppression, {
      name: 'mid',
      kind: 'campaign',
      templateId: tpl,
      signName: SIGN,
      recipients: list.map((p) => ({ phone: p, vars: { name: 'x' } })),
    });
    env.module.startBackground();
    await env.module.start(id);
    await waitFor(() => Object.keys(gw.counters.batchesByTaskSign).length >= 1, 'first chunk');
    expect(gw.counters.sendsByNumber[late]).toBeUndefined();
    mq.publishReply({ sender: late, content: '退订', sms_seq: 'late1' });
    await drain();
    expect(suppression.entryOf(late)).toMatchObject({ reason: 'optout', source: 'reply' });
    expect((await env.module.engine.settled(id))?.state).toBe('completed');
    expect(gw.counters.sendsByNumber[late]).toBeUndefined();
    expect(env.module.store.counts(id).submitted).toBe(999);
  }, 30_000);
});
