// jst-sms orders sync / orders / mq poll --once against the simulators, exactly as an acceptance check runs them.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mqCliEnv, runCli } from '../../helpers/cli';
import { linkTrades } from '../../../electron/sim/link-trades';
import { startMqSimulator, type MqSimulator } from '../../../electron/sim/mq-http';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const [top, mq] = await Promise.all([startTopGateway(), startMqSimulator()]);
  const profile = mkdtempSync(join(tmpdir(), 'jst-orders-cli-'));
  cleanups.push(
    () => top.close(),
    () => mq.close(),
    () => rmSync(profile, { recursive: true, force: true }),
  );
  return { top, mq, profile };
}

function envFor(top: TopGateway, mq: MqSimulator, profile: string): NodeJS.ProcessEnv {
  return {
    JST_SMS_PROFILE: profile,
    JST_TOP_GATEWAY: top.url,
    JST_TOP_APP_KEY: top.credentials.appKey,
    JST_TOP_APP_SECRET: top.credentials.appSecret,
    JST_TOP_SESSION: top.credentials.session,
    ...mqCliEnv(mq),
  };
}

describe('jst-sms orders', () => {
  it('mq poll --once ingests order events; orders sync fills the rest; orders --json lists them with exact tids and no receiver data', async () => {
    const { top, mq, profile } = await setup();
    const env = envFor(top, mq, profile);
    const unlink = linkTrades(top.trades, mq);
    const a = top.trades.create({
      tid: '4123456789012347001',
      items: [{ title: '真丝衬衫', price: '299.00', num: 1 }],
      receiver: { name: '慕容复', mobile: '13700001234' },
    });
    top.trades.pay(a.tid);
    const polled = await runCli(['mq', 'poll', '--once', '--json'], env);
    expect(polled.code).toBe(0);
    const lines = polled.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toMatchObject([
      { kind: 'order', tid: a.tid, orderTopic: 'taobao_trade_TradeCreate' },
      { kind: 'order', tid: a.tid, orderTopic: 'taobao_trade_TradeBuyerPay' },
    ]);
    unlink(); // the app stops consuming; the order changes and a new one arrives meanwhile
    top.trades.ship(a.tid);
    const b = top.trades.create({ tid: '4123456789012347002', items: [{ title: '亚麻长裤', price: '159.00', num: 2 }] });

    const synced = await runCli(['orders', 'sync', '--json'], env);
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    const result = JSON.parse(synced.stdout) as Record<string, unknown>;
    expect(Object.keys(result).sort()).toEqual(['calls', 'from', 'pages', 'synced', 'to']);
    expect(result.synced).toBeGreaterThanOrEqual(2);
    expect(result.calls).toBe(result.pages);
    expect(result.from).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const listed = await runCli(['orders', '--json'], env);
    expect(listed.code).toBe(0);
    const orders = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(orders.map((o) => o.tid)).toEqual([b.tid, a.tid]);
    expect(Object.keys(orders[0]!).sort()).toEqual(
      ['buyerNick', 'buyerOpenUid', 'consignTime', 'created', 'endTime', 'events', 'items', 'payTime', 'payment', 'status', 'tid'].sort(),
    );
    expect(orders[1]).toMatchObject({ tid: a.tid, status: 'WAIT_BUYER_CONFIRM_GOODS', items: [{ title: '真丝衬衫', num: 1 }], events: 3 });
    expect(orders[0]).toMatchObject({ status: 'WAIT_BUYER_PAY', items: [{ title: '亚麻长裤', num: 2 }], payment: top.trades.get(b.tid)!.payment });
    expect(String(orders[1]!.created)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect((orders[1]!.buyerNick as string).endsWith('**')).toBe(true);

    const filtered = await runCli(['orders', '--status', 'WAIT_BUYER_PAY', '--json'], env);
    expect((JSON.parse(filtered.stdout) as unknown[]).length).toBe(1);
    expect((await runCli(['orders', '--status', 'PAID'], env)).code).toBe(2);

    // No receiver value in anything the CLI printed or the profile kept.
    const printed = [polled.stdout, polled.stderr, synced.stdout, listed.stdout, filtered.stdout].join('\n');
    const kept = readdirSync(profile, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile())
      .map((f) => readFileSync(join(f.parentPath, f.name)).toString('utf8'))
      .join('\n');
    for (const needle of ['慕容复', '13700001234', top.trades.get(a.tid)!.receiver.address]) {
      expect(printed.includes(needle), needle).toBe(false);
      expect(kept.includes(needle), needle).toBe(false);
    }
  });

  it('code 11: orders sync exits 1 with the plain explanation, after one call', async () => {
    const { top, mq, profile } = await setup();
    top.control.restrictTrades(true);
    const run = await runCli(['orders', 'sync', '--json'], envFor(top, mq, profile));
    expect(run.code).toBe(1);
    const error = (JSON.parse(run.stderr) as { error: { message: string; detail: Record<string, unknown> } }).error;
    expect(error.message).toContain('交易接口只允许在聚石塔内调用');
    expect(error.detail).toMatchObject({ code: 11, sub_code: 'isv.permission-ip-whitelist-limit', calls: 1 });
    expect(top.counters.callsByMethod['taobao.trades.sold.get']).toBe(1);
  });
});
