import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../electron/core/db/database';
import { createLogger } from '../../../electron/core/log/logger';
import { OrderBackfill } from '../../../electron/core/orders/backfill';
import { TRADE_API_RESTRICTED_MESSAGE } from '../../../electron/core/orders/problems';
import { OrderStore } from '../../../electron/core/orders/store';
import { TopClient } from '../../../electron/core/top/client';
import { RateLimiter } from '../../../electron/core/top/limiter';
import type { TopTransport, TransportResponse } from '../../../electron/core/top/transport';
import { OrdersSettingsSchema } from '../../../shared/settings/schema';
import { formatBeijing, parseBeijingDateTime } from '../../../shared/time/beijing';
import { fakeClock, json, topError } from '../top/fakes';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 4, 0, 0);
const log = createLogger({ secrets: () => [], sink: () => {} });

interface World {
  trades: Array<{ tid: string; modified: number; created: number; status: string }>;
  calls: URLSearchParams[];
  /** Calls the world answered (an override's answer is not counted). */
  answered?: number;
  /** Answer for the n-th call (1-based) instead of the world, e.g. an error or a promise that never settles. */
  override?: (n: number, params: URLSearchParams) => Promise<TransportResponse | undefined> | TransportResponse | undefined;
}

function worldTransport(world: World): TopTransport {
  return {
    async post(_url, body) {
      const params = new URLSearchParams(body);
      world.calls.push(params);
      // An override may answer, or only hold the call (resolving undefined lets the world answer).
      const special = await world.override?.(world.calls.length, params);
      if (special) return special;
      const method = params.get('method')!;
      const [startKey, endKey, timeKey] =
        method === 'taobao.trades.sold.get'
          ? (['start_created', 'end_created', 'created'] as const)
          : (['start_modified', 'end_modified', 'modified'] as const);
      const start = parseBeijingDateTime(params.get(startKey)!)!;
      const end = parseBeijingDateTime(params.get(endKey)!)!;
      const pageNo = Number(params.get('page_no'));
      const pageSize = Number(params.get('page_size'));
      const hits = world.trades.filter((t) => t[timeKey] >= start && t[timeKey] <= end).sort((a, b) => a[timeKey] - b[timeKey]);
      const page = hits.slice((pageNo - 1) * pageSize, pageNo * pageSize);
      // tid as a bare 19-digit JSON number, as the platform sends it.
      const trades = page.map(
        (t) =>
          `{"tid":${t.tid},"status":"${t.status}","created":"${formatBeijing(t.created, true)}","modified":"${formatBeijing(t.modified, true)}","payment":"9.90","receiver_name":"~enc~"}`,
      );
      world.answered = (world.answered ?? 0) + 1;
      return { status: 200, text: `{"trades":[${trades.join(',')}],"has_next":${pageNo * pageSize < hits.length}}` };
    },
    close() {},
  };
}

/** Awaits a condition (no fixed sleeps): yields to the event loop until it holds. */
async function until(condition: () => boolean) {
  while (!condition()) await new Promise((r) => setImmediate(r));
}

let db: Db;
let store: OrderStore;
beforeEach(() => {
  db = openDatabase(':memory:');
  store = new OrderStore(db, 1);
});
afterEach(() => db.close());

function backfill(world: World, settings = OrdersSettingsSchema.parse({})) {
  const { clock } = fakeClock(NOW);
  const limiter = new RateLimiter(1000, clock);
  const client = new TopClient({
    appKey: 'k',
    appSecret: 's',
    session: 'x',
    gatewayUrl: 'http://127.0.0.1:9/router/rest',
    transport: worldTransport(world),
    clock,
    limiter,
  });
  return new OrderBackfill({ db, shopId: 1, store, client: () => client, settings: () => settings, clock, log });
}

const trades = (n: number, spanMs: number) =>
  Array.from({ length: n }, (_, i) => {
    const modified = NOW - Math.floor(((i + 0.5) * spanMs) / n);
    return { tid: String(4_000_000_000_000_000_000n + BigInt(i)), modified, created: modified - HOUR, status: 'WAIT_SELLER_SEND_GOODS' };
  });

describe('order backfill', () => {
  it('walks ≤ 1-day windows backwards, 100 a page, and stores every order with its 19-digit tid exact', async () => {
    const world: World = { trades: trades(250, 60 * HOUR), calls: [] };
    const b = backfill(world);
    b.markConsuming(NOW - 60 * HOUR);
    b.start();
    const job = await b.wait();
    expect(job).toMatchObject({ state: 'done', kind: 'increment', synced: 250 + 0, error: null });
    expect(store.count()).toBe(250);
    expect(store.get('4000000000000000249')).toBeDefined();
    const windows = world.calls.map((p): [number, number] => [parseBeijingDateTime(p.get('start_modified')!)!, parseBeijingDateTime(p.get('end_modified')!)!]);
    for (const [start, end] of windows) expect(end - start).toBeLessThanOrEqual(24 * HOUR);
    // Backwards: each new window ends where the previous one started.
    const ends = [...new Set(windows.map(([, end]) => end))];
    expect(ends).toEqual([...ends].sort((a, b) => b - a));
    expect(world.calls.every((p) => p.get('page_size') === '100' && p.get('use_has_next') === 'true')).toBe(true);
    expect(world.calls.every((p) => !/receiver/.test(p.get('fields')!))).toBe(true);
    expect(job!.calls).toBe(world.calls.length);
    expect(job!.pages).toBe(world.calls.length);
    expect(b.coveredUntil()).toBe(NOW);
  });

  it('a first import reads the chosen days with trades.sold.get', async () => {
    const world: World = { trades: trades(30, 5 * 24 * HOUR), calls: [] };
    const b = backfill(world);
    b.start({ days: 3 });
    const job = await b.wait();
    expect(job).toMatchObject({ state: 'done', kind: 'initial' });
    expect(world.calls[0]!.get('method')).toBe('taobao.trades.sold.get');
    expect(job!.synced).toBe(world.trades.filter((t) => t.created >= NOW - 3 * 24 * HOUR).length);
  });

  it('resumes after a crash at the page it stopped at, and a repeated page changes nothing', async () => {
    const world: World = { trades: trades(450, 20 * HOUR), calls: [] };
    // The process "dies" during the 3rd call: it never answers, and the backfill object is abandoned.
    world.override = (n) => (n === 3 ? new Promise<TransportResponse>(() => {}) : undefined);
    const first = backfill(world);
    first.markConsuming(NOW - 20 * HOUR);
    first.start();
    await until(() => world.calls.length === 3);
    expect(first.latest()).toMatchObject({ state: 'running', pages: 2, synced: 200 });

    world.override = undefined;
    const before = world.calls.length;
    const second = backfill(world);
    const resumed = second.start();
    expect(resumed.id).toBe(first.latest()!.id);
    const job = await second.wait();
    expect(job).toMatchObject({ state: 'done', synced: 450 });
    expect(world.calls[before]!.get('page_no')).toBe('3');
    expect(store.count()).toBe(450);
  });

  it('cancels between pages at once: the page in flight (asked for while the previous one committed) is discarded unapplied', async () => {
    const world: World = { trades: trades(500, 10 * HOUR), calls: [] };
    let release: () => void = () => {};
    world.override = (n) => (n === 2 ? new Promise<undefined>((r) => (release = () => r(undefined))) : undefined);
    const b = backfill(world);
    b.markConsuming(NOW - 10 * HOUR);
    b.start();
    await until(() => world.calls.length === 2);
    // Page 1 committed before page 2's call went out; cancel does not wait for page 2's answer.
    expect(await b.cancel()).toMatchObject({ state: 'cancelled', pages: 1, calls: 1, synced: 100 });
    // Page 2's answer arrives after all (its parsing is microtasks, done within a turn): nothing of it is applied.
    release();
    await until(() => world.answered === 2);
    await new Promise((r) => setImmediate(r));
    expect(store.count()).toBe(100);
    expect(b.latest()).toMatchObject({ state: 'cancelled', pages: 1, synced: 100 });
    expect(world.calls.length).toBe(2);
  });

  it("a crash with the next window's first page in flight resumes with exactly that call; every order once, pages counted once", async () => {
    const world: World = { trades: trades(450, 60 * HOUR), calls: [] };
    // The process "dies" while the first page of the 2nd one-day window is in flight: it never answers.
    let held: URLSearchParams | null = null;
    world.override = (n, params) => {
      if (n > 1 && params.get('page_no') === '1' && !held) {
        held = params;
        return new Promise<TransportResponse>(() => {});
      }
      return undefined;
    };
    const first = backfill(world);
    first.markConsuming(NOW - 60 * HOUR);
    first.start();
    await until(() => held !== null);
    const heldParams = held as unknown as URLSearchParams;
    const firstWindowPages = world.calls.length - 1;
    // The first window is committed, its cursor at the window's start; the page in flight is not.
    expect(first.latest()).toMatchObject({ state: 'running', pages: firstWindowPages, cursor: formatBeijing(NOW - 24 * HOUR, true) });
    expect(heldParams.get('end_modified')).toBe(formatBeijing(NOW - 24 * HOUR, true));

    world.override = undefined;
    const before = world.calls.length;
    const second = backfill(world);
    expect(second.start().id).toBe(first.latest()!.id);
    const job = await second.wait();
    const repeated = world.calls[before]!;
    for (const key of ['method', 'start_modified', 'end_modified', 'page_no']) expect(repeated.get(key)).toBe(heldParams.get(key));
    expect(job).toMatchObject({ state: 'done', synced: 450 });
    expect(store.count()).toBe(450);
    // Every call that was answered is one committed page; the one lost in the crash is not counted.
    expect(job!.pages).toBe(world.calls.length - 1);
    expect(job!.calls).toBe(job!.pages);
  });

  it('code 11 (trade APIs only inside Jushita) stops at once with the plain explanation, no retry', async () => {
    const world: World = { trades: trades(10, HOUR), calls: [] };
    world.override = () =>
      topError(11, { msg: 'Insufficient isv permissions', sub_code: 'isv.permission-ip-whitelist-limit', sub_msg: 'only allowed to call from 聚石塔' });
    const b = backfill(world);
    b.start({ days: 1 });
    const job = await b.wait();
    expect(job).toMatchObject({ state: 'failed', calls: 1, error: { code: 'trade-api-restricted', topCode: 11, message: TRADE_API_RESTRICTED_MESSAGE } });
    expect(world.calls).toHaveLength(1);
    expect(job!.error!.message).toContain('聚石塔');
  });

  it('a malformed answer fails the job instead of storing half an order', async () => {
    const world: World = { trades: [], calls: [], override: () => json({ trades: [{ tid: 'abc' }], has_next: false }) };
    const b = backfill(world);
    b.start({ days: 1 });
    expect(await b.wait()).toMatchObject({ state: 'failed' });
    expect(store.count()).toBe(0);
  });
});
