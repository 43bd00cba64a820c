// Orders against the strict simulators: TMC events through the app's poller, backfill with the trade APIs,
// code 11, privacy, another seller. (The CLI runs in cli.test.ts.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TRADE_API_RESTRICTED_MESSAGE } from '../../../electron/core/orders';
import { TMC_FORMATS, type TmcFormat } from '../../../electron/sim/mq-http';
import { eventsOf } from '../mq/helpers';
import { ordersWorld, type OrdersWorld } from './helpers';
import { orderStory } from '../../helpers/order-story';

const worlds: OrdersWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});
async function world(...args: Parameters<typeof ordersWorld>) {
  const w = await ordersWorld(...args);
  worlds.push(w);
  return w;
}

describe('order events through the poller', () => {
  const cases: Array<[TmcFormat, 'number' | 'string']> = TMC_FORMATS.flatMap((f) => [
    [f, 'number'] as [TmcFormat, 'number'],
    [f, 'string'] as [TmcFormat, 'string'],
  ]);
  it.each(cases)("%s bodies with ids as %s: every order gets the simulator's status and every event its timeline entry", async (format, ids) => {
    const w = await world({ format, ids });
    const published: string[] = [];
    w.top.trades.onEvent((e) => published.push(String(e.content.tid)));
    const tids = orderStory(w.top);
    await w.drain();
    for (const tid of tids) {
      const row = w.orders.store.get(tid)!;
      expect(row, tid).toBeDefined();
      expect(row.status).toBe(w.top.trades.get(tid)!.status);
      expect(row.event_count).toBe(published.filter((p) => p === tid).length);
    }
    expect(w.orders.store.get(tids[0]!)!.signed_at).not.toBeNull();
    expect(w.orders.store.get(tids[1]!)!.refund_status).toBe('SUCCESS');
    expect(w.t.ctx.db.prepare('SELECT COUNT(*) FROM quarantine').pluck().get()).toBe(0);
    expect(w.t.ctx.settings.get().orders.sellerNicks['1']).toBe(w.top.trades.get(tids[0]!)!.sellerNick);
    expect(eventsOf(w.t.events, 'orders.changed').flatMap((e) => e.tids)).toEqual(expect.arrayContaining(tids));
  });

  it('a payment before its creation and a message twice: harmless, nothing goes back, every event in the timeline', async () => {
    const w = await world();
    w.unlink(); // this test publishes by hand, out of order
    const trade = w.top.trades.create({ tid: '4123456789012340001' });
    const events: Array<{ topic: string; content: Record<string, unknown>; pubTime: number }> = [];
    w.top.trades.onEvent((e) => events.push(e));
    w.top.trades.pay(trade.tid);
    w.top.trades.ship(trade.tid);
    const create = { topic: 'taobao_trade_TradeCreate', content: { ...events[0]!.content, tid: trade.tid }, pubTime: trade.created };
    const pay = events.find((e) => e.topic === 'taobao_trade_TradeBuyerPay')!;
    const ship = events.find((e) => e.topic === 'taobao_trade_TradeSellerShip')!;
    const publish = (e: { topic: string; content: Record<string, unknown>; pubTime: number }) =>
      w.mq.publishTmc(e.topic, e.content, { pubTime: e.pubTime, format: 'envelope' });
    publish(pay);
    publish(ship);
    publish(pay); // the same event again under another MessageId
    await w.drain();
    publish(create); // the creation last
    await w.drain();
    const row = w.orders.store.get(trade.tid)!;
    expect(row.status).toBe('WAIT_BUYER_CONFIRM_GOODS');
    expect(row.event_count).toBe(3);
    expect(w.orders.store.timeline(trade.tid).map((e) => e.topic)).toEqual([
      'taobao_trade_TradeCreate',
      'taobao_trade_TradeBuyerPay',
      'taobao_trade_TradeSellerShip',
    ]);
  });

  it("another seller's message is quarantined with that reason and never mixed in", async () => {
    const w = await world();
    w.top.trades.create({ tid: '4123456789012340002' });
    await w.drain();
    w.mq.publishTmc('taobao_trade_TradeCreate', { tid: '4123456789012349999', seller_nick: '隔壁老王店', buyer_nick: '某**' }, { sellerNick: '隔壁老王店' });
    await w.drain();
    expect(w.orders.store.get('4123456789012349999')).toBeUndefined();
    const reason = w.t.ctx.db.prepare('SELECT reason FROM quarantine').pluck().get() as string;
    expect(reason).toContain('隔壁老王店');
    expect(reason).toContain('其他卖家');
  });
});

describe('backfill against the trade APIs', () => {
  it('fills a gap: the poller was stopped, orders changed, a sync brings every order to the platform state', async () => {
    const w = await world();
    const early = orderStory(w.top);
    await w.drain();
    w.orders.backfill.markConsuming(Date.now());
    w.unlink(); // the PC is off; MQ retention passes
    const later = w.top.trades.create({ tid: '4123456789012341111', items: [{ title: '羊毛围巾', price: '59.00', num: 2 }] });
    w.top.trades.pay(later.tid);
    const unpaidThenPaid = w.top.trades.create({ tid: '4123456789012341112' });
    w.top.trades.pay(unpaidThenPaid.tid);
    w.top.trades.ship(later.tid, { companyName: '圆通速递' });
    w.top.trades.close(w.top.trades.create({ tid: '4123456789012341113' }).tid);
    w.orders.startSync();
    const job = await w.orders.backfill.wait();
    expect(job).toMatchObject({ state: 'done', kind: 'increment', error: null });
    expect(job!.calls).toBe(job!.pages);
    for (const tid of [...early, later.tid, unpaidThenPaid.tid, '4123456789012341113'])
      expect(w.orders.store.get(tid)!.status).toBe(w.top.trades.get(tid)!.status);
    expect(w.orders.list({ page: 1, pageSize: 10, item: '围巾' }).items).toMatchObject([{ tid: later.tid, items: [{ title: '羊毛围巾', num: 2 }] }]);
    expect(w.top.counters.callsByMethod['taobao.trades.sold.increment.get']).toBe(job!.calls);
    expect(w.orders.overview()).toMatchObject({ gap: null, blocked: null });
    expect(eventsOf(w.t.events, 'orders.sync.progress').at(-1)).toMatchObject({ state: 'done' });
  });

  it('is cancellable, and the next sync covers the rest', async () => {
    const w = await world();
    w.unlink();
    for (let i = 0; i < 250; i++) w.top.trades.create({ tid: String(4_123_456_789_012_000_000n + BigInt(i)) });
    w.top.control.inject('taobao.trades.sold.get', { kind: 'latency', ms: 30 });
    // Held in an object: assigned inside the listener, which flow analysis does not see.
    const pending: { cancel: Promise<unknown> | null } = { cancel: null };
    w.t.ctx.events.subscribe((name, payload) => {
      if (name === 'orders.sync.progress' && (payload as { pages: number }).pages === 1 && !pending.cancel) pending.cancel = w.orders.backfill.cancel();
    });
    w.orders.startSync({ days: 1 });
    await w.orders.backfill.wait();
    expect(await pending.cancel).toMatchObject({ state: 'cancelled', pages: 1, synced: 100 });
    w.orders.startSync({ days: 1 });
    expect(await w.orders.backfill.wait()).toMatchObject({ state: 'done', synced: 250 });
    expect(w.orders.store.count()).toBe(250);
  });

  it('cancel while the next page is held in the gateway: cancelled at once with the committed page only; its late answer applies nothing', async () => {
    const w = await world();
    w.unlink();
    for (let i = 0; i < 250; i++) w.top.trades.create({ tid: String(4_123_456_789_012_000_000n + BigInt(i)) });
    const gate: { calls: number; held: boolean; open: () => void } = { calls: 0, held: false, open: () => {} };
    const opened = new Promise<void>((resolve) => (gate.open = resolve));
    w.top.control.holdAnswers('taobao.trades.sold.get', async () => {
      if (++gate.calls !== 2) return;
      gate.held = true;
      await opened;
    });
    const calls = vi.spyOn(w.client, 'call');
    w.orders.startSync({ days: 1 });
    while (!gate.held) await new Promise((r) => setImmediate(r));
    expect(w.orders.backfill.latest()).toMatchObject({ state: 'running', pages: 1, synced: 100 });
    expect(await w.orders.backfill.cancel()).toMatchObject({ state: 'cancelled', pages: 1, calls: 1, synced: 100 });
    // The discarded call's answer comes back (awaited through the spy; what follows it is microtasks): nothing is applied.
    gate.open();
    await Promise.allSettled(calls.mock.results.map((r) => r.value as Promise<unknown>));
    await new Promise((r) => setImmediate(r));
    expect(calls).toHaveBeenCalledTimes(2);
    expect(w.orders.store.count()).toBe(100);
    expect(w.orders.backfill.latest()).toMatchObject({ state: 'cancelled', pages: 1, synced: 100 });
    w.orders.startSync({ days: 1 });
    expect(await w.orders.backfill.wait()).toMatchObject({ state: 'done', synced: 250 });
    expect(w.orders.store.count()).toBe(250);
  });

  it('code 11: shown plainly, the job stops after one call, nothing retries it, the local detail still opens', async () => {
    const w = await world();
    const [tid] = orderStory(w.top);
    await w.drain();
    w.top.control.restrictTrades(true);
    w.orders.startSync({ days: 1 });
    const job = await w.orders.backfill.wait();
    expect(job).toMatchObject({
      state: 'failed',
      calls: 1,
      error: { code: 'trade-api-restricted', topCode: 11, subCode: 'isv.permission-ip-whitelist-limit' },
    });
    expect(job!.error!.message).toBe(TRADE_API_RESTRICTED_MESSAGE);
    expect(w.orders.overview().blocked).toMatchObject({ code: 'trade-api-restricted' });
    const detail = await w.orders.detail(tid!);
    expect(detail).toMatchObject({ tid, detailSource: 'local', detailError: { code: 'trade-api-restricted' } });
    const calls = Object.entries(w.top.counters.callsByMethod)
      .filter(([m]) => /trade/.test(m))
      .reduce((n, [, c]) => n + c, 0);
    expect(calls).toBe(2); // one for the sync, one for the detail: no retry loop
    w.top.control.restrictTrades(false);
    w.orders.startSync({ days: 1 });
    expect(await w.orders.backfill.wait()).toMatchObject({ state: 'done' });
    expect(w.orders.overview().blocked).toBeNull();
  });
  it('a plain read right after a detail fetch (the refetch an orders.changed causes) still says the platform; a minute later, local', async () => {
    const w = await world();
    const [tid] = orderStory(w.top);
    await w.drain();
    expect(await w.orders.detail(tid!, { refresh: true })).toMatchObject({ detailSource: 'platform' });
    const calls = w.top.counters.callsByMethod['taobao.trade.fullinfo.get'];
    expect(await w.orders.detail(tid!)).toMatchObject({ detailSource: 'platform' });
    expect(w.top.counters.callsByMethod['taobao.trade.fullinfo.get']).toBe(calls); // no second call
    const fetchedAt = w.t.ctx.clock.now();
    const later = vi.spyOn(w.t.ctx.clock, 'now').mockReturnValue(fetchedAt + 61_000);
    try {
      expect(await w.orders.detail(tid!)).toMatchObject({ detailSource: 'local' });
    } finally {
      later.mockRestore(); // the system clock is shared by every world
    }
  });
});

describe('privacy by construction', () => {
  it('after events, a sync, an opened detail and an OAID fetch, no receiver value is anywhere in the database or the logs', async () => {
    const w = await world({}, { files: true });
    const receivers = [
      { name: '欧阳娜娜', mobile: '13912345678', phone: '0571-88886666', address: '西湖区文三路478号华星时代广场A座1201' },
      { name: '司马相如', mobile: '15887654321', phone: '', address: '滨江区网商路699号阿里中心5号楼' },
    ];
    const tids = receivers.map((receiver, i) => {
      const t = w.top.trades.create({ tid: `412345678901234${5000 + i}`, receiver, buyerNick: `隐私买家${i}` });
      w.top.trades.pay(t.tid);
      return t.tid;
    });
    await w.drain();
    w.orders.startSync({ days: 1 });
    expect(await w.orders.backfill.wait()).toMatchObject({ state: 'done' });
    for (const tid of tids) {
      await w.orders.detail(tid, { refresh: true });
      const oaid = await w.orders.oaidFor(tid);
      expect(oaid.oaid).toBe(w.top.trades.oaidFor(tid, w.top.credentials.appKey));
      expect((await w.orders.oaidFor(tid)).cached).toBe(true);
    }
    // What the simulator returned for the receiver fields (encrypted) and the plaintext it holds.
    const returned = await w.client.call('taobao.trade.fullinfo.get', {
      fields: 'tid,receiver_name,receiver_mobile,receiver_phone,receiver_address',
      tid: tids[0]!,
    });
    const encrypted = Object.entries((returned as { trade: Record<string, unknown> }).trade)
      .filter(([k]) => k.startsWith('receiver_'))
      .map(([, v]) => String(v));
    expect(encrypted.length).toBe(4);
    const needles = [...receivers.flatMap((r) => [r.name, r.mobile, r.phone, r.address].filter(Boolean)), ...encrypted, '隐私买家0', '隐私买家1'];

    w.t.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    const dir = w.t.ctx.profileDir;
    const files = readdirSync(dir).filter((f) => /jst\.db|\.log/.test(f));
    expect(files).toEqual(expect.arrayContaining(['jst.db', 'app.log']));
    const haystack = [...files.map((f) => readFileSync(join(dir, f)).toString('utf8')), ...w.t.logs].join('\n');
    for (const needle of needles) expect(haystack.includes(needle), needle).toBe(false);
    // The list and the detail carry no receiver field at all.
    expect(JSON.stringify(w.orders.list({ page: 1, pageSize: 10 }))).not.toMatch(/receiver/);
    expect(JSON.stringify(await w.orders.detail(tids[0]!))).not.toMatch(/receiver/);
  });
});
