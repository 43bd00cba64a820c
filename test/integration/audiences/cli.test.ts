// jst-sms segments / segment count / segment save, exactly as an acceptance check runs them, on a profile with orders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/index';
import { openDatabase } from '../../../electron/core/db/database';
import { OrderStore } from '../../../electron/core/orders/store';
import { profilePaths } from '../../../electron/core/profile';
import type { TradeStatus } from '../../../shared/orders/status';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

const DAY = 86_400_000;

function profileWithOrders(): string {
  const profile = mkdtempSync(join(tmpdir(), 'jst-segments-cli-'));
  cleanups.push(() => rmSync(profile, { recursive: true, force: true }));
  const db = openDatabase(profilePaths(profile).database);
  const store = new OrderStore(db, 1);
  const now = Date.now();
  const add = (tid: string, buyer: string, daysAgo: number, status: TradeStatus, payment: string, title: string) =>
    store.applyTrade(
      {
        tid,
        status,
        type: 'fixed',
        buyerOpenUid: buyer,
        buyerNick: '买**',
        payment,
        postFee: '0.00',
        created: now - daysAgo * DAY,
        payTime: null,
        consignTime: null,
        endTime: null,
        modified: now - daysAgo * DAY,
        items: [{ oid: tid, title, num: 1 }],
      },
      now,
    );
  add('4123456789012340001', 'AAone', 5, 'TRADE_FINISHED', '300.00', '羊毛围巾');
  add('4123456789012340002', 'AAone', 100, 'TRADE_FINISHED', '120.00', '纯棉T恤');
  add('4123456789012340003', 'AAtwo', 2, 'WAIT_BUYER_PAY', '99.00', '羊毛围巾');
  add('4123456789012340004', 'AAthree', 200, 'TRADE_FINISHED', '50.00', '牛仔裤');
  db.close();
  return profile;
}

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env });
  return { code, stdout, stderr };
}

describe('jst-sms segment', () => {
  it('count, save and list with the JSON fields the issue names', async () => {
    const env = { JST_SMS_PROFILE: profileWithOrders() };
    const all = await cli(['segment', 'count', '--rule', '{}', '--json'], env);
    expect(all).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(all.stdout)).toEqual({ buyers: 3, orders: 4 });

    const scarf = await cli(['segment', 'count', '--rule', '{"boughtItem":"围巾","lastOrderWithinDays":30}', '--json'], env);
    expect(JSON.parse(scarf.stdout)).toEqual({ buyers: 1, orders: 1 });
    const unpaid = await cli(['segment', 'count', '--rule', '{"status":["WAIT_BUYER_PAY"]}', '--json'], env);
    expect(JSON.parse(unpaid.stdout)).toEqual({ buyers: 1, orders: 1 });

    const saved = await cli(['segment', 'save', '--name', '老客', '--rule', '{"minOrders":1,"minAmount":100}', '--json'], env);
    expect(saved.code).toBe(0);
    const body = JSON.parse(saved.stdout) as Record<string, unknown>;
    expect(body).toEqual({ id: expect.any(Number), name: '老客', buyers: 1 });

    const list = await cli(['segments', '--json'], env);
    expect(JSON.parse(list.stdout)).toEqual([{ id: body.id, name: '老客', rule: { minOrders: 1, minAmount: 100 }, buyers: 1, orders: 2 }]);
    // Saving the same name again replaces its rule (same id).
    const again = await cli(['segment', 'save', '--name', '老客', '--rule', '{"minOrders":1}', '--json'], env);
    expect(JSON.parse(again.stdout)).toEqual({ id: body.id, name: '老客', buyers: 2 });
  });

  it('refuses a rule that is not JSON or names an unknown field, with a plain error and exit 1', async () => {
    const env = { JST_SMS_PROFILE: profileWithOrders() };
    const bad = await cli(['segment', 'count', '--rule', '{minOrders:1}'], env);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr).error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('不是有效的 JSON') });
    const unknown = await cli(['segment', 'count', '--rule', '{"minOrder":1}'], env);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stderr).error.code).toBe('BAD_REQUEST');
    const usage = await cli(['segment', 'explode'], env);
    expect(usage.code).toBe(2);
  });
});
