import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import { COUNT_CAP, OrderStore } from '../../../electron/core/orders/store';
import type { OrdersListQuery } from '../../../shared/orders/contract';
import { TRADE_STATUSES } from '../../../shared/orders/status';
import { formatBeijing } from '../../../shared/time/beijing';

// The order list: every filter gives the same rows whichever plan answers it (few matches through the filter's own
// index, many by walking the newest orders), counts stop COUNT_CAP past the page, and each query keeps its index
// (no second sort of the whole list, no scan of every row): captured as the real code runs them.

const NOW = Date.UTC(2026, 11, 7, 4, 0, 0);
const TITLES = ['碎花连衣裙', '纯棉T恤', '羊毛围巾', '运动鞋'];
const STATUSES = TRADE_STATUSES.filter((s) => s !== 'TRADE_NO_CREATE_PAY');

function setup(count: number) {
  const executed: string[] = [];
  const db = new Database(':memory:', { verbose: (sql) => executed.push(String(sql)) });
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS);
  const store = new OrderStore(db, 1);
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      // Two orders per minute: equal times are ordered by order number (the list's second key).
      const created = NOW - Math.floor(i / 2) * 60_000;
      store.applyTrade(
        {
          tid: (4_200_000_000_000_000_000n + BigInt(i)).toString(),
          status: STATUSES[i % STATUSES.length]!,
          type: 'fixed',
          buyerOpenUid: `AAbuyer${i % 40}`,
          buyerNick: '买**',
          payment: `${(i % 90) + 10}.00`,
          postFee: '0.00',
          created,
          payTime: null,
          consignTime: null,
          endTime: null,
          modified: created,
          items: [{ oid: String(i), title: i === 7 ? '限量 100% 纯羊绒_大衣' : `${TITLES[i % TITLES.length]} ${i % 13}号 现货款`, num: 1 }],
        },
        NOW,
      );
    }
  })();
  /** Runs the list, returns its page and the plans of the statements it ran. */
  const run = (q: Omit<OrdersListQuery, 'page' | 'pageSize'> & { page?: number; pageSize?: number }) => {
    executed.length = 0;
    const page = store.list({ page: 1, pageSize: 50, ...q });
    const plans = executed.map((sql) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((p) => p.detail).join(' | '));
    return { page, plans };
  };
  /** The same filter written plainly: every order, newest first, filtered in JavaScript. */
  const all = () => store.all();
  return { db, store, run, all };
}

describe('order list', () => {
  const t = setup(COUNT_CAP + 400);
  const everything = t.all();
  const tids = (rows: Array<{ tid: string }>) => rows.map((r) => r.tid);

  it('pages newest first with the order number as the second key, exact total without filters', () => {
    const { page } = t.run({ pageSize: 20, page: 3 });
    expect(tids(page.items)).toEqual(tids(everything.slice(40, 60)));
    expect(page.total).toBe(everything.length);
    expect(page.totalCapped).toBe(false);
    expect(BigInt(page.items[0]!.tid)).toBeGreaterThan(BigInt(page.items[1]!.tid)); // same minute, larger number first
  });

  it('gives the same rows through either plan and counts only COUNT_CAP past the page', () => {
    const check = (q: Omit<OrdersListQuery, 'page' | 'pageSize'>, keep: (o: (typeof everything)[number]) => boolean) => {
      const expected = everything.filter(keep);
      const { page } = t.run(q);
      expect(tids(page.items), JSON.stringify(q)).toEqual(tids(expected.slice(0, 50)));
      const capped = expected.length >= 50 + COUNT_CAP;
      expect(page.totalCapped, JSON.stringify(q)).toBe(capped);
      expect(page.total, JSON.stringify(q)).toBe(capped ? 50 + COUNT_CAP : expected.length);
    };
    check({ status: ['WAIT_BUYER_PAY'] }, (o) => o.status === 'WAIT_BUYER_PAY');
    check({ status: ['WAIT_BUYER_PAY', 'TRADE_CLOSED'] }, (o) => o.status === 'WAIT_BUYER_PAY' || o.status === 'TRADE_CLOSED');
    check({ minPayment: 95, maxPayment: 96.5 }, (o) => Number(o.payment) >= 95 && Number(o.payment) <= 96.5);
    check({ minPayment: 10 }, (o) => Number(o.payment) >= 10);
    check({ createdTo: formatBeijing(NOW - 60 * 60_000, true) }, (o) => o.created! <= formatBeijing(NOW - 60 * 60_000, true));
    check({ item: '围巾 3号' }, (o) => o.items[0]!.title === '羊毛围巾 3号 现货款');
    check({ item: '连衣裙' }, (o) => o.items[0]!.title.includes('连衣裙'));
    check({ item: '现货款' }, (o) => o.items[0]!.title.includes('现货款')); // more than the cap: the newest orders are walked
    check({ item: 'T恤' }, (o) => o.items[0]!.title.includes('T恤')); // two characters: no trigram
    check({ item: '100% 纯羊绒_' }, (o) => o.items[0]!.title.includes('100% 纯羊绒_')); // % and _ are text
    check({ tid: '42000000000000012' }, (o) => o.tid.startsWith('42000000000000012'));
    check({ tid: '420' }, (o) => o.tid.startsWith('420')); // every order: walked, not sorted
    check({ tid: everything[5]!.tid }, (o) => o.tid === everything[5]!.tid);
    check(
      { status: ['WAIT_SELLER_SEND_GOODS'], minPayment: 50, item: '运动鞋' },
      (o) => o.status === 'WAIT_SELLER_SEND_GOODS' && Number(o.payment) >= 50 && o.items[0]!.title.includes('运动鞋'),
    );
  });

  it('answers each filter through an index in list order, sorting only what a selective filter found', () => {
    const noResort = (q: Omit<OrdersListQuery, 'page' | 'pageSize'>, uses: RegExp) => {
      const { plans } = t.run(q);
      const page = plans.at(-1)!;
      expect(page, JSON.stringify(q)).toMatch(uses);
      expect(page, JSON.stringify(q)).not.toMatch(/TEMP B-TREE/);
      for (const plan of plans) expect(plan, JSON.stringify(q)).not.toMatch(/SCAN o\b|SCAN orders\b/);
    };
    noResort({}, /USING INDEX orders_recent \(shop_id=\?\)/);
    noResort({ status: ['WAIT_BUYER_PAY'] }, /USING INDEX orders_status \(shop_id=\? AND status=\?\)/);
    noResort(
      { createdFrom: formatBeijing(NOW - 600 * 60_000, true), createdTo: formatBeijing(NOW - 60 * 60_000, true) },
      /USING INDEX orders_recent \(shop_id=\? AND sort_at>\? AND sort_at<\?\)/,
    );
    noResort({ minPayment: 95 }, /USING INDEX orders_(recent|status) \(shop_id=\?\)/);
    noResort({ item: '现货款' }, /USING INDEX orders_recent/);
    // The bounded counts of status / amount filters read the index only.
    expect(t.run({ minPayment: 95 }).plans[0]).toMatch(/COVERING INDEX/);
    expect(t.run({ status: ['WAIT_BUYER_PAY'] }).plans[0]).toMatch(/COVERING INDEX orders_status/);

    const selective = (q: Omit<OrdersListQuery, 'page' | 'pageSize'>, uses: RegExp) => {
      const { page, plans } = t.run(q);
      expect(page.totalCapped).toBe(false);
      for (const plan of plans) expect(plan, JSON.stringify(q)).toMatch(uses);
    };
    selective({ tid: '42000000000000012' }, /USING (COVERING )?INDEX orders_tid \(shop_id=\? AND tid>\? AND tid<\?\)/);
    selective({ item: '围巾 3号' }, /SCAN f VIRTUAL TABLE/);
  });
});
