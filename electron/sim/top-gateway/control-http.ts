// HTTP face of TopGatewayControl for tests in other processes and manual poking (routes in README.md).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimTrade, TradeWorld } from './trades';
import type { Fault, TopGatewayControl, TopGatewayCounters } from './types';

type Json = Record<string, unknown>;

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function handleControlRequest(
  control: TopGatewayControl,
  counters: TopGatewayCounters,
  trades: TradeWorld,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): Promise<void> {
  const reply = (status: number, value: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8' });
    res.end(JSON.stringify(value));
  };
  try {
    const input = parseBody(body);
    const route = `${req.method} ${url.pathname.slice('/__control'.length) || '/'}`;
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent); // ['__control', ...]
    const result =
      segments[1] === 'trades'
        ? dispatchTrades(control, trades, route, segments, input, url.searchParams)
        : dispatch(control, counters, route, segments, input, url.searchParams);
    reply(200, result ?? { ok: true });
  } catch (error) {
    if (error instanceof ControlError) reply(error.status, { error: error.message });
    else reply(400, { error: error instanceof Error ? error.message : String(error) });
  }
}

function parseBody(body: Buffer): Json {
  if (body.length === 0) return {};
  const value: unknown = JSON.parse(body.toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ControlError(400, 'body must be a JSON object');
  return value as Json;
}

const str = (input: Json, key: string): string => {
  const v = input[key];
  if (typeof v !== 'string' || !v) throw new ControlError(400, `"${key}" (string) is required`);
  return v;
};
const optStr = (input: Json, key: string): string | undefined => (typeof input[key] === 'string' ? input[key] : undefined);
const num = (input: Json, key: string): number => {
  const v = input[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ControlError(400, `"${key}" (number) is required`);
  return v;
};

function dispatch(control: TopGatewayControl, counters: TopGatewayCounters, route: string, seg: string[], input: Json, query: URLSearchParams): unknown {
  switch (route) {
    case 'GET /counters':
      return counters;
    case 'POST /counters/reset':
      return control.resetCounters();
    case 'GET /faults':
      return control.faults();
    case 'POST /faults': {
      const fault = input.fault as Fault | undefined;
      if (!fault || typeof fault !== 'object' || typeof fault.kind !== 'string') throw new ControlError(400, '"fault" object with a "kind" is required');
      return control.inject(str(input, 'method'), fault, typeof input.times === 'number' ? { times: input.times } : {});
    }
    case 'DELETE /faults':
      return control.clearFaults(query.get('method') ?? undefined);
    case 'POST /latency':
      return control.setLatency(num(input, 'ms'));
    case 'POST /qps':
      return control.setQpsLimit(input.limit === null ? null : num(input, 'limit'), typeof input.banSeconds === 'number' ? input.banSeconds : undefined);
    case 'POST /ban':
      return control.ban(num(input, 'seconds'), optStr(input, 'appKey'));
    case 'POST /clock':
      return control.setClockOffset(num(input, 'offsetMs'));
    case 'POST /review':
      return control.setReview({
        delayMs: input.delayMs === null ? null : typeof input.delayMs === 'number' ? input.delayMs : undefined,
        outcome: input.outcome === 'approved' || input.outcome === 'rejected' ? input.outcome : undefined,
        reason: optStr(input, 'reason'),
      });
    case 'POST /sessions':
      return control.addSession(str(input, 'session'), optStr(input, 'appKey'));
    case 'POST /sessions/expire':
      return control.expireSession(str(input, 'session'));
    case 'POST /templates':
      return {
        code: control.seedTemplate({
          code: optStr(input, 'code'),
          name: optStr(input, 'name'),
          content: str(input, 'content'),
          type: typeof input.type === 'number' ? input.type : undefined,
          status: auditStatus(input.status),
          reason: optStr(input, 'reason'),
        }),
      };
    case 'POST /signatures':
      return control.seedSignature({ name: str(input, 'name'), status: auditStatus(input.status), reason: optStr(input, 'reason') });
    case 'POST /delivery':
      return control.setDelivery(str(input, 'phone'), {
        delivered: input.delivered !== false,
        resultCode: optStr(input, 'resultCode') ?? (input.delivered === false ? 'MK:0001' : 'DELIVRD'),
      });
    case 'POST /limits':
      return control.setNumberLimit(input.perNumberDaily === null ? null : num(input, 'perNumberDaily'));
    case 'GET /balance': {
      const appKey = query.get('appKey');
      return { segments: appKey ? control.appBalance(appKey) : control.balance() };
    }
    case 'POST /balance': {
      const segments = input.segments === null ? null : num(input, 'segments');
      const appKey = optStr(input, 'appKey');
      return appKey ? control.setAppBalance(appKey, segments) : control.setBalance(segments);
    }
    case 'POST /keywords': {
      const words = input.words;
      if (!Array.isArray(words) || !words.every((w) => typeof w === 'string' && w)) throw new ControlError(400, '"words" (array of strings) is required');
      return control.setBlockedKeywords(words as string[]);
    }
    case 'POST /rejections':
      return control.rejectNumber(str(input, 'phone'), input.subCode === null ? null : str(input, 'subCode'));
    case 'GET /sends':
      return control.sends({ phone: query.get('phone') ?? undefined, taskSign: query.get('taskSign') ?? undefined, bizId: query.get('bizId') ?? undefined });
    case 'DELETE /sends':
      return control.clearSends();
  }
  // /templates/:code/(approve|reject), /signatures/:name/(approve|reject), GET /templates/:code, GET /signatures/:name
  const [, collection, id, action] = seg;
  if ((collection === 'templates' || collection === 'signatures') && id) {
    const isTemplate = collection === 'templates';
    if (route.startsWith('GET ') && action === undefined) {
      const item = isTemplate ? control.template(id) : control.signature(id);
      if (!item) throw new ControlError(404, `${collection.slice(0, -1)} ${id} not found`);
      return item;
    }
    if (route.startsWith('POST ') && action === 'approve') return isTemplate ? control.approveTemplate(id) : control.approveSignature(id);
    if (route.startsWith('POST ') && action === 'reject') {
      const reason = optStr(input, 'reason') ?? '请参考下述修改建议:1. 内容不符合规范';
      return isTemplate ? control.rejectTemplate(id, reason) : control.rejectSignature(id, reason);
    }
  }
  throw new ControlError(404, `no control route ${route}`);
}

function auditStatus(value: unknown): 'pending' | 'approved' | 'rejected' | undefined {
  if (value === undefined) return undefined;
  if (value === 'pending' || value === 'approved' || value === 'rejected') return value;
  throw new ControlError(400, '"status" must be pending | approved | rejected');
}

const optNum = (input: Json, key: string): number | undefined => (typeof input[key] === 'number' ? input[key] : undefined);

/** Trade routes (README): a refused transition is a 409 with the world's Chinese message. */
function dispatchTrades(control: TopGatewayControl, trades: TradeWorld, route: string, seg: string[], input: Json, query: URLSearchParams): unknown {
  const [, , tid, action] = seg;
  const method = route.split(' ')[0];
  if (method === 'POST' && tid === 'oaid-max-age' && action === undefined) {
    const days = input.days;
    if (days !== null && (typeof days !== 'number' || !Number.isInteger(days) || days < 0))
      throw new ControlError(400, '"days" (integer ≥ 0 or null) is required');
    return control.refuseOldOaids(days);
  }
  if (method === 'POST' && tid === 'restrict' && action === undefined) {
    if (typeof input.on !== 'boolean') throw new ControlError(400, '"on" (boolean) is required');
    return control.restrictTrades(input.on);
  }
  if (tid === undefined) {
    if (method === 'GET') return trades.list();
    if (method === 'POST') return transition(() => trades.create(input as Parameters<TradeWorld['create']>[0]));
  }
  if (tid !== undefined && method === 'GET') {
    if (action === 'oaid') {
      const appKey = query.get('appKey');
      if (!appKey) throw new ControlError(400, '?appKey= is required (OAIDs differ per app key)');
      return { oaid: transition(() => trades.oaidFor(tid, appKey)) };
    }
    const trade = trades.get(tid);
    if (!trade) throw new ControlError(404, `订单 ${tid} 不存在`);
    return trade;
  }
  if (tid !== undefined && method === 'POST') {
    if (!trades.get(tid)) throw new ControlError(404, `订单 ${tid} 不存在`);
    const at = optNum(input, 'at');
    switch (action) {
      case 'pay':
        return transition(() => trades.pay(tid, at));
      case 'ship':
        return transition(() =>
          trades.ship(tid, { companyName: optStr(input, 'companyName'), outSid: optStr(input, 'outSid'), partial: input.partial === true, at }),
        );
      case 'sign':
        return transition(() => trades.sign(tid, at));
      case 'succeed':
        return transition(() => trades.succeed(tid, at));
      case 'refund': {
        const stage = input.stage;
        if (stage !== 'created' && stage !== 'agreed' && stage !== 'success' && stage !== 'closed')
          throw new ControlError(400, '"stage" must be created | agreed | success | closed');
        return transition(() => trades.refund(tid, stage, { refundFee: optStr(input, 'refundFee'), at }));
      }
      case 'close':
        return transition(() => trades.close(tid, at));
      case 'rate':
        return transition(() => trades.rate(tid, at));
    }
  }
  throw new ControlError(404, `no control route ${route}`);
}

function transition<T extends SimTrade | string>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new ControlError(409, error instanceof Error ? error.message : String(error));
  }
}
