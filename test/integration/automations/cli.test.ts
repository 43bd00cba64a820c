// jst-sms automations … against the simulators, as an acceptance check runs it: order events come in with
// `mq poll --once`, rules are set, `automations run --once` sends through the OAID path and the ledger.
import { afterEach, describe, expect, it } from 'vitest';
import { formatBeijing } from '../../../shared/time/beijing';
import { automationSims, cli, SIGN, sendsPerOrder, TEMPLATE, type AutomationSims } from './helpers';

let sims: AutomationSims | null = null;
afterEach(async () => {
  await sims?.close();
  sims = null;
});

const MINUTE = 60_000;

describe('jst-sms automations', () => {
  it('set / list / preview / run --once / log with the exact JSON fields; each order gets its SMS once', async () => {
    sims = await automationSims();
    const { top, env } = sims;
    const now = Date.now();
    // Two unpaid orders, one of them paid since; two shipped orders.
    const unpaid = top.trades.create({ tid: '4123456789012348001', buyerOpenUid: 'AAHbuyerA', createdAt: now - 40 * MINUTE });
    const paidLater = top.trades.create({ tid: '4123456789012348002', buyerOpenUid: 'AAHbuyerB', createdAt: now - 40 * MINUTE });
    top.trades.pay(paidLater.tid, now - 5 * MINUTE);
    const shipped = [1, 2].map((i) => {
      const t = top.trades.create({ tid: `412345678901234810${i}`, buyerOpenUid: `AAHship${i}`, createdAt: now - 3 * 60 * MINUTE });
      top.trades.pay(t.tid, now - 2 * 60 * MINUTE);
      top.trades.ship(t.tid, { companyName: '中通快递', outSid: `73100000${i}` });
      return t.tid;
    });
    expect((await cli(['mq', 'poll', '--once', '--json'], env)).code).toBe(0);

    const listed = await cli(['automations', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const rules = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(rules.map((r) => r.kind)).toEqual(['urge-pay', 'shipped', 'signed', 'refund', 'review']);
    expect(Object.keys(rules[0]!).sort()).toEqual(['counts', 'delayMinutes', 'enabled', 'kind', 'outsideWindow', 'sign', 'template', 'window'].sort());
    expect(rules[0]).toMatchObject({ enabled: false, delayMinutes: 30, window: { start: '09:00', end: '22:00' }, outsideWindow: 'next-day' });
    expect(rules[1]!.counts).toEqual({ triggered: 2, sent: 0, skipped: 0 });

    const window = ['--window', '00:00-23:59'];
    const setUrge = await cli(
      ['automations', 'set', 'urge-pay', '--enable', '--template', TEMPLATE, '--sign', SIGN, '--delay-min', '30', ...window, '--json'],
      env,
    );
    expect(setUrge.code, setUrge.stderr).toBe(0);
    expect(JSON.parse(setUrge.stdout)).toEqual({
      kind: 'urge-pay',
      enabled: true,
      template: TEMPLATE,
      sign: SIGN,
      delayMinutes: 30,
      window: { start: '00:00', end: '23:59' },
      outsideWindow: 'next-day',
      // The shipped orders' own 催付 items were closed as paid when their payment came in.
      counts: { triggered: 4, sent: 0, skipped: 3 },
    });
    const setShip = await cli(
      ['automations', 'set', 'shipped', '--enable', '--template', TEMPLATE, '--sign', SIGN, ...window, '--outside', 'skip', '--json'],
      env,
    );
    expect(setShip.code, setShip.stderr).toBe(0);
    expect(setShip.stderr).toMatch(/现在发送 2 个/);
    expect((await cli(['automations', 'set', 'nope', '--enable'], env)).code).toBe(2);

    // Now: the 发货提醒 are due; the 催付 (30 minutes after the TradeCreate event) waits.
    const preview = await cli(['automations', 'preview', '--json'], env);
    expect(preview.code, preview.stderr).toBe(0);
    const items = JSON.parse(preview.stdout) as Array<Record<string, unknown>>;
    expect(items.map((i) => [i.tid, i.kind, i.decision]).sort()).toEqual(
      [
        [unpaid.tid, 'urge-pay', 'wait'],
        [shipped[0], 'shipped', 'send'],
        [shipped[1], 'shipped', 'send'],
      ].sort(),
    );
    expect(items.every((i) => typeof i.tid === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(String(i.dueAt)))).toBe(true);
    // At a Beijing time 31 minutes on, the 催付 would go out too (nothing is sent by a preview).
    const later = await cli(['automations', 'preview', '--at', formatBeijing(Date.now() + 31 * MINUTE, true), '--json'], env);
    expect((JSON.parse(later.stdout) as Array<Record<string, unknown>>).find((i) => i.tid === unpaid.tid)).toMatchObject({ decision: 'send' });
    expect(sendsPerOrder(top).size).toBe(0);

    const ran = await cli(['automations', 'run', '--once', '--json'], env);
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({ decided: 2, sent: 2, skipped: {} });
    expect(Object.fromEntries(sendsPerOrder(top))).toEqual({ [shipped[0]!]: 1, [shipped[1]!]: 1 });

    // Again: nothing is due, nothing goes out twice.
    const again = await cli(['automations', 'run', '--once', '--json'], env);
    expect(JSON.parse(again.stdout)).toEqual({ decided: 0, sent: 0, skipped: {} });
    expect([...sendsPerOrder(top).values()]).toEqual([1, 1]);

    const log = await cli(['automations', 'log', '--json'], env);
    expect(log.code, log.stderr).toBe(0);
    const rows = JSON.parse(log.stdout) as Array<Record<string, unknown>>;
    expect(rows.find((r) => r.tid === paidLater.tid)).toMatchObject({ kind: 'urge-pay', outcome: 'skipped', reason: 'paid' });
    expect(rows.find((r) => r.tid === unpaid.tid)).toMatchObject({ kind: 'urge-pay', outcome: 'waiting', decidedAt: null });
    const sent = rows.filter((r) => r.outcome === 'sent');
    expect(sent).toHaveLength(2);
    for (const r of sent) {
      expect(Object.keys(r).sort()).toEqual(['campaignId', 'decidedAt', 'dueAt', 'kind', 'outcome', 'tid'].sort());
      expect(typeof r.campaignId).toBe('number');
    }
    const shippedOnly = JSON.parse((await cli(['automations', 'log', '--kind', 'shipped', '--json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(shippedOnly.map((r) => r.tid).sort()).toEqual([...shipped].sort());
  });
});
