import { AppError } from '../../shared/errors';
import type { OrderSummary, OrdersSyncJob } from '../../shared/orders/contract';
import { isTradeStatus, TRADE_STATUSES } from '../../shared/orders/status';
import { withCliCore } from './core';
import type { CliCommand, CliIo } from './io';
import { callCore, isHelp, parseOptions, usageError, writeJson } from './options';

const USAGE = `Usage:
  jst-sms orders sync [--since "yyyy-MM-dd HH:mm:ss"] [--json]
  jst-sms orders [--status <TOP status>] [--json]

orders sync   Backfills orders from the trade APIs for the time the app was not consuming order events (from the
              coverage mark, or --since, Beijing time; the first import covers the configured days). Resumes a sync a
              crash interrupted. --json prints {synced, pages, calls, from, to}.
orders        Lists the stored orders, newest first: tid, status, buyerOpenUid, masked buyerNick, payment, times
              (Beijing), items and the number of timeline events. No receiver data exists to show.
              Statuses: ${TRADE_STATUSES.join(', ')}

Profile: JST_SMS_PROFILE, JST_SMS_PASSPHRASE. TOP overrides: JST_TOP_APP_KEY, JST_TOP_APP_SECRET, JST_TOP_SESSION,
JST_TOP_GATEWAY, JST_TOP_SIGN_METHOD, JST_TOP_QPS.
`;

const PAGE = 200;

export const run: CliCommand = async (args, io) => {
  if (isHelp(args[0]) || args[0] === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (args[0] === 'sync') return sync(args.slice(1), io);
  return list(args, io);
};

async function list(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { '--status': 'value', '--json': 'flag' });
  if (typeof parsed === 'string') return usageError(io, USAGE, parsed);
  const status = parsed.values.get('--status');
  if (status !== undefined && !isTradeStatus(status)) return usageError(io, USAGE, `Unknown status: ${status}`);
  return withCliCore(io, {}, async (core) => {
    const orders: OrderSummary[] = [];
    for (let page = 1; ; page++) {
      const { items, total } = await callCore<{ items: OrderSummary[]; total: number }>(core, 'orders.list', {
        page,
        pageSize: PAGE,
        ...(status ? { status: [status] } : {}),
      });
      orders.push(...items);
      if (items.length < PAGE || orders.length >= total) break;
    }
    if (parsed.flags.has('--json')) writeJson(io, orders.map(orderJson));
    else {
      for (const o of orders) {
        const items = o.items.map((i) => `${i.title}×${i.num}`).join('、');
        io.stdout.write(`${o.tid}\t${o.status || '-'}\t${o.payment || '-'}\t${o.created ?? '-'}\t${o.buyerNick || '-'}\t${items}\t事件 ${o.events}\n`);
      }
      io.stderr.write(`[orders] 共 ${orders.length} 个订单\n`);
    }
    return 0;
  });
}

/** The stable --json shape of `jst-sms orders` (acceptance checks read these names). */
function orderJson(o: OrderSummary) {
  return {
    tid: o.tid,
    status: o.status,
    buyerOpenUid: o.buyerOpenUid,
    buyerNick: o.buyerNick,
    payment: o.payment,
    created: o.created,
    payTime: o.payTime,
    consignTime: o.consignTime,
    endTime: o.endTime,
    items: o.items.map((i) => ({ title: i.title, num: i.num })),
    events: o.events,
  };
}

async function sync(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { '--since': 'value', '--json': 'flag' });
  if (typeof parsed === 'string') return usageError(io, USAGE, parsed);
  const since = parsed.values.get('--since');
  // Headless core: no start-up backfill, no pollers; only the sync asked for runs.
  return withCliCore(io, {}, async (core) => {
    let finished: (job: OrdersSyncJob) => void = () => {};
    const done = new Promise<OrdersSyncJob>((resolve) => (finished = resolve));
    let jobId: number | null = null;
    const unsubscribe = core.events.subscribe((name, payload) => {
      if (name !== 'orders.sync.progress') return;
      const job = payload as OrdersSyncJob;
      if (jobId === null || job.id !== jobId) return;
      if (job.state !== 'running') finished(job);
      else if (!parsed.flags.has('--json')) io.stderr.write(`[orders] ${job.cursor} → ${job.to}：${job.synced} 个订单，${job.pages} 页\n`);
    });
    const started = await callCore<OrdersSyncJob>(core, 'orders.sync.start', since ? { since } : {});
    jobId = started.id;
    const job = started.state === 'running' ? await done : started;
    unsubscribe();
    if (job.state !== 'done') {
      const message = job.error?.message ?? `同步未完成（${job.state}）。`;
      throw new AppError(job.error?.code === 'not-configured' ? 'NOT_CONFIGURED' : 'TOP_ERROR', message, {
        detail: {
          state: job.state,
          synced: job.synced,
          pages: job.pages,
          calls: job.calls,
          ...(job.error?.topCode ? { code: job.error.topCode } : {}),
          ...(job.error?.subCode ? { sub_code: job.error.subCode } : {}),
          ...(job.error ? { reason: job.error.code } : {}),
        },
      });
    }
    const result = { synced: job.synced, pages: job.pages, calls: job.calls, from: job.from, to: job.to };
    if (parsed.flags.has('--json')) writeJson(io, result);
    else io.stdout.write(`已同步 ${result.synced} 个订单（${result.pages} 页，${result.calls} 次调用），范围 ${result.from} → ${result.to}\n`);
    return 0;
  });
}
