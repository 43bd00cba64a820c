import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import type { ApiContext } from './api-spec';
import { APIS } from './apis';
import { controlRefusal } from '../control-guard';
import { handleControlRequest } from './control-http';
import {
  errors,
  expectedSign,
  GatewayError,
  MAX_SKEW_MS,
  newRequestId,
  parseGmt8,
  renderError,
  renderSuccess,
  SIGN_METHODS,
  type Format,
  type SimSignMethod,
  type SuccessBody,
} from './protocol';
import { SimState, templateVariables, type AuditCode, type SendEvent } from './state';
import { SimTradeWorld } from './trades';
import type { ActiveFault, Fault, HeldCall, SimApp, TopGateway, TopGatewayControl, TopGatewayCounters, TopGatewayOptions } from './types';

/** Credentials of the default app; also printed by `npm run sim:top`. */
export const DEMO_CREDENTIALS = {
  appKey: '12345678',
  appSecret: 'sim-app-secret-0f6c2d9a41b7',
  session: 'sim-session-61029d8e7c5a4b3f',
} as const;

export const GATEWAY_PATH = '/router/rest';
export const CONTROL_PATH = '/__control';
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const MAX_ARRIVALS = 10_000;

interface AppState {
  appKey: string;
  appSecret: string;
  sessions: Map<string, { expired: boolean }>;
  windowSecond: number;
  windowCount: number;
  bannedUntil: number;
}

const AUDIT: Record<'pending' | 'approved' | 'rejected', AuditCode> = { pending: 0, approved: 1, rejected: 2 };

function emptyCounters(): TopGatewayCounters {
  return { calls: 0, callsByMethod: {}, errors: {}, bans: 0, sendsByNumber: {}, sendsByTaskSign: {}, batchesByTaskSign: {}, faultsFired: 0, arrivals: [] };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A strict TOP gateway on 127.0.0.1 (see README.md in this folder). */
export async function startTopGateway(options: TopGatewayOptions = {}): Promise<TopGateway> {
  const apps = new Map<string, AppState>();
  for (const app of options.apps ?? [{ appKey: DEMO_CREDENTIALS.appKey, appSecret: DEMO_CREDENTIALS.appSecret, sessions: [DEMO_CREDENTIALS.session] }]) {
    apps.set(app.appKey, toAppState(app));
  }
  const firstApp = [...apps.values()][0];
  if (!firstApp) throw new Error('startTopGateway: at least one app is required');
  const firstSession = [...firstApp.sessions.keys()][0] ?? '';

  let clockOffsetMs = options.clockOffsetMs ?? 0;
  let latencyMs = options.latencyMs ?? 0;
  let qpsLimit = options.qpsLimit ?? null;
  let banSeconds = options.banSeconds ?? 1;
  let rSuccessTrueOnFailure = options.rSuccessTrueOnFailure ?? false;
  const gzip = options.gzip ?? true;
  const baseClock = options.now ?? Date.now;
  const now = () => baseClock() + clockOffsetMs;
  const trades = new SimTradeWorld(now, options.sellerNick, options.tradeSeed ?? 0);
  let oaidListEncoding = options.oaidListEncoding ?? 'json';
  const state = new SimState(
    now,
    {
      delayMs: options.reviewDelayMs ?? null,
      outcome: options.reviewOutcome ?? 'approved',
      reason: options.rejectReason ?? '请参考下述修改建议:1. 内容不符合规范',
    },
    options.deliveryDelayMs ?? 0,
  );
  state.defaultDelivery = options.deliveryFor ?? null;
  const counters = emptyCounters();
  let faults: ActiveFault[] = [];
  const sendListeners = new Set<(event: SendEvent) => void>(options.onSend ? [options.onSend] : []);
  const answerHolds = new Map<string, (call: HeldCall) => Promise<void> | void>();

  const bump = (record: Record<string, number>, key: string, by = 1) => {
    record[key] = (record[key] ?? 0) + by;
  };

  const takeFault = (method: string): Fault | undefined => {
    const active = faults.find((f) => f.method === method || f.method === '*');
    if (!active) return undefined;
    active.remaining -= 1;
    if (active.remaining <= 0) faults = faults.filter((f) => f !== active);
    counters.faultsFired++;
    return active.fault;
  };

  const control: TopGatewayControl = {
    inject(method, fault, opts = {}) {
      faults.push({ method, fault, remaining: opts.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults(method) {
      faults = method === undefined ? [] : faults.filter((f) => f.method !== method);
    },
    faults: () => faults.map((f) => ({ ...f })),
    setLatency(ms) {
      latencyMs = ms;
    },
    setQpsLimit(limit, seconds) {
      qpsLimit = limit;
      if (seconds !== undefined) banSeconds = seconds;
    },
    ban(seconds, appKey) {
      const app = appKey ? apps.get(appKey) : firstApp;
      if (!app) throw new Error(`unknown app key ${appKey}`);
      app.bannedUntil = Date.now() + seconds * 1000;
    },
    setClockOffset(ms) {
      clockOffsetMs = ms;
    },
    setReview(policy) {
      if (policy.delayMs !== undefined) state.review.delayMs = policy.delayMs;
      if (policy.outcome) state.review.outcome = policy.outcome;
      if (policy.reason) state.review.reason = policy.reason;
    },
    setRSuccessTrueOnFailure(on) {
      rSuccessTrueOnFailure = on;
    },
    addSession(session, appKey) {
      const app = appKey ? apps.get(appKey) : firstApp;
      if (!app) throw new Error(`unknown app key ${appKey}`);
      app.sessions.set(session, { expired: false });
    },
    expireSession(session) {
      for (const app of apps.values()) {
        const s = app.sessions.get(session);
        if (s) s.expired = true;
      }
    },
    seedTemplate(t) {
      const code = t.code ?? state.nextTemplateCode();
      const status = AUDIT[t.status ?? 'approved'];
      state.templates.set(code, {
        code,
        name: t.name ?? code,
        content: t.content,
        type: t.type ?? 1,
        typeClass: 'NORMAL',
        remark: '',
        status,
        reason: status === 2 ? (t.reason ?? state.review.reason) : '无审批备注',
        createdAt: now(),
        reviewAt: status === 0 ? state.scheduleReview() : null,
        variables: templateVariables(t.content),
      });
      return code;
    },
    seedSignature(s) {
      const status = AUDIT[s.status ?? 'approved'];
      state.signatures.set(s.name, {
        name: s.name,
        remark: '',
        source: s.source ?? 4,
        status,
        reason: status === 2 ? (s.reason ?? state.review.reason) : '无审批备注',
        createdAt: now(),
        reviewAt: status === 0 ? state.scheduleReview() : null,
      });
    },
    approveTemplate(code) {
      state.decide(must(state.templates.get(code), `template ${code}`), 'approved');
    },
    rejectTemplate(code, reason) {
      state.decide(must(state.templates.get(code), `template ${code}`), 'rejected', reason);
    },
    approveSignature(name) {
      state.decide(must(state.signatures.get(name), `signature ${name}`), 'approved');
    },
    rejectSignature(name, reason) {
      state.decide(must(state.signatures.get(name), `signature ${name}`), 'rejected', reason);
    },
    template: (code) => state.template(code),
    signature: (name) => state.signature(name),
    setDelivery(phone, rule) {
      state.deliveryRules.set(phone, rule);
    },
    setDeliveryDelay(ms) {
      state.deliveryDelayMs = ms;
    },
    setNumberLimit(perDay) {
      state.sendRules.perNumberDailyLimit = perDay;
    },
    setBalance(segments) {
      state.sendRules.balanceSegments = segments;
    },
    balance: () => state.sendRules.balanceSegments,
    setAppBalance(appKey, segments) {
      if (segments === null) state.sendRules.appBalances.delete(appKey);
      else state.sendRules.appBalances.set(appKey, segments);
    },
    appBalance: (appKey) => state.sendRules.appBalances.get(appKey) ?? null,
    setBlockedKeywords(words) {
      state.sendRules.blockedKeywords = [...words];
    },
    rejectNumber(phone, subCode) {
      if (subCode === null) state.sendRules.numberRejections.delete(phone);
      else state.sendRules.numberRejections.set(phone, subCode);
    },
    sends(filter = {}) {
      const list = filter.phone !== undefined ? [...(state.sendsByPhone.get(filter.phone) ?? [])] : state.allSends();
      return list.filter((s) => (filter.taskSign === undefined || s.taskSign === filter.taskSign) && (filter.bizId === undefined || s.bizId === filter.bizId));
    },
    clearSends() {
      state.clearSends();
    },
    holdAnswers(method, hold) {
      if (hold) answerHolds.set(method, hold);
      else answerHolds.delete(method);
    },
    onSend(listener) {
      sendListeners.add(listener);
      return () => sendListeners.delete(listener);
    },
    resetCounters() {
      Object.assign(counters, emptyCounters());
    },
    restrictTrades(on) {
      trades.restricted = on;
    },
    refuseOldOaids(days) {
      trades.oaidMaxOrderAgeDays = days;
    },
    setOaidListEncoding(encoding) {
      oaidListEncoding = encoding;
    },
  };

  const log = options.log;

  async function handleGateway(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) {
    counters.calls++;
    counters.arrivals.push(performance.now());
    if (counters.arrivals.length > MAX_ARRIVALS) counters.arrivals.splice(0, counters.arrivals.length - MAX_ARRIVALS);
    const acceptsGzip = gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const requestId = newRequestId();
    let format: Format = 'xml';
    let simplify: boolean;
    let method = '';
    const send = async (status: number, text: string, extraLatency = 0) => {
      const wait = latencyMs + extraLatency;
      if (wait > 0) await sleep(wait);
      const contentType = format === 'json' ? 'application/json;charset=UTF-8' : 'text/xml;charset=UTF-8';
      const payload = Buffer.from(text, 'utf8');
      if (acceptsGzip) {
        const zipped = gzipSync(payload);
        res.writeHead(status, { 'Content-Type': contentType, 'Content-Encoding': 'gzip', 'Content-Length': zipped.length });
        res.end(zipped);
      } else {
        res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': payload.length });
        res.end(payload);
      }
    };
    const fail = (error: GatewayError, extraLatency = 0) => {
      bump(counters.errors, error.subCode ? `${error.code}:${error.subCode}` : String(error.code));
      if (error.code === 7) counters.bans++;
      log?.(`${method || '(no method)'} → ${error.code} ${error.msg}${error.subCode ? ` ${error.subCode}` : ''}`);
      return send(200, renderError(error, requestId, format), extraLatency);
    };

    try {
      if (req.method !== 'POST' && req.method !== 'GET') throw errors.httpAction();
      const params = collectParams(req, url, body);
      const formatParam = params.get('format');
      if (formatParam !== undefined && formatParam !== '' && formatParam !== 'json' && formatParam !== 'xml') throw errors.invalidFormat();
      format = formatParam === 'json' ? 'json' : 'xml';
      const simplifyParam = params.get('simplify');
      if (simplifyParam !== undefined && !['true', 'false', '1', '0', ''].includes(simplifyParam))
        throw errors.invalidArgument('simplify', 'simplify 只能是 true 或 false');
      simplify = simplifyParam === 'true' || simplifyParam === '1';

      method = params.get('method') ?? '';
      if (!method) throw errors.missingMethod();
      bump(counters.callsByMethod, method);
      const appKey = params.get('app_key');
      if (!appKey) throw errors.missingAppKey();
      const app = apps.get(appKey);
      if (!app) throw errors.invalidAppKey();
      const api = APIS[method];
      if (!api) throw errors.invalidMethod();

      const timestamp = params.get('timestamp');
      if (!timestamp) throw errors.missingTimestamp();
      const sentAt = parseGmt8(timestamp);
      if (sentAt === null) throw errors.invalidTimestamp('timestamp 格式应为 yyyy-MM-dd HH:mm:ss（GMT+8）');
      if (Math.abs(sentAt - now()) > MAX_SKEW_MS) throw errors.invalidTimestamp('请求时间与服务器时间相差超过 10 分钟');

      const v = params.get('v');
      if (!v) throw errors.missingVersion();
      if (!/^\d+\.\d+$/.test(v)) throw errors.invalidVersion();
      if (v !== '2.0') throw errors.unsupportedVersion();

      // Absent sign_method means the classic default, md5.
      const signMethod = (params.get('sign_method') || 'md5') as SimSignMethod;
      if (!SIGN_METHODS.includes(signMethod)) throw errors.invalidSignature(`不支持的 sign_method：${signMethod}`);
      const sign = params.get('sign');
      if (!sign) throw errors.missingSignature();
      if (sign !== expectedSign(params, app.appSecret, signMethod)) throw errors.invalidSignature();

      const session = params.get('session');
      if (session) {
        const known = app.sessions.get(session);
        if (!known || known.expired) throw errors.invalidSession();
      } else if (api.sessionRequired) throw errors.missingSession();

      const nowReal = Date.now();
      if (app.bannedUntil > nowReal) throw errors.banned(Math.ceil((app.bannedUntil - nowReal) / 1000));
      if (qpsLimit !== null) {
        const second = Math.floor(nowReal / 1000);
        if (second !== app.windowSecond) {
          app.windowSecond = second;
          app.windowCount = 0;
        }
        if (++app.windowCount > qpsLimit) {
          app.bannedUntil = nowReal + banSeconds * 1000;
          throw errors.banned(banSeconds, 'accesscontrol.limited-by-app-access-count');
        }
      }

      const fault = takeFault(method);
      let extraLatency = 0;
      switch (fault?.kind) {
        case 'reset':
          if (fault.when === 'before-execute') {
            log?.(`${method} → fault: reset before execute`);
            req.socket.destroy();
            return;
          }
          break;
        case 'hang':
          if (!fault.execute) {
            log?.(`${method} → fault: hang`);
            return;
          }
          break;
        case 'http-status':
          if (!fault.execute) return sendHttpStatus(res, fault.status, latencyMs);
          break;
        case 'ban':
          app.bannedUntil = nowReal + fault.seconds * 1000;
          throw errors.banned(fault.seconds, fault.subCode);
        case 'error':
          throw new GatewayError(fault.code, fault.msg, fault.subCode, fault.subMsg);
        case 'invalid-session':
          throw errors.invalidSession();
        case 'raw':
          await sleep(latencyMs);
          res.writeHead(fault.status ?? 200, { 'Content-Type': fault.contentType ?? 'application/json;charset=UTF-8' });
          res.end(fault.body);
          return;
        case 'latency':
          extraLatency = fault.ms;
          break;
        case undefined:
          break;
      }

      const ctx: ApiContext = {
        params,
        state,
        now,
        requestId,
        rSuccessTrueOnFailure,
        trades,
        appKey,
        clientIp: req.socket.remoteAddress ?? 'unknown',
        format,
        simplify,
        oaidListEncoding,
        onSend: (record) => {
          bump(counters.sendsByNumber, record.phone || `oaid:${record.orderId}`);
          if (record.taskSign !== undefined) bump(counters.sendsByTaskSign, record.taskSign);
          if (sendListeners.size === 0) return;
          const event = SimState.sendEvent(record);
          for (const listener of sendListeners) {
            try {
              listener(event);
            } catch (error) {
              log?.(`onSend listener failed: ${error instanceof Error ? error.message : String(error)}`);
            }
          }
        },
      };
      const result: SuccessBody = api.handle(ctx);
      const taskSign = params.get('task_sign');
      if (result.fields.module !== undefined && method === 'taobao.jst.sms.message.direct.batchsend' && taskSign) bump(counters.batchesByTaskSign, taskSign);
      const rCode = result.fields.r_code as string | undefined; // the simulator's own APIs set it as text
      if (result.fields.r_success === false || result.fields.r_success === 'false' || (rCode !== undefined && rCode !== '200'))
        bump(counters.errors, `r_code:${String(rCode)}`);
      const text = renderSuccess(method, result, requestId, format, simplify);
      log?.(`${method} → ok${rCode !== undefined ? ` r_code=${String(rCode)}` : ''}`);

      // Faults that strike after the call took effect: the client cannot know whether it did.
      if (fault?.kind === 'reset') return resetMidResponse(res, text, format, latencyMs);
      if (fault?.kind === 'hang') return;
      if (fault?.kind === 'http-status') return sendHttpStatus(res, fault.status, latencyMs);
      const hold = answerHolds.get(method);
      if (hold) await hold({ method, taskSign: taskSign ?? undefined });
      return send(200, text, extraLatency);
    } catch (error) {
      if (error instanceof GatewayError) return fail(error);
      throw error;
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const work =
        url.pathname === GATEWAY_PATH
          ? handleGateway(req, res, url, body)
          : url.pathname === CONTROL_PATH || url.pathname.startsWith(`${CONTROL_PATH}/`)
            ? guardedControl(req, res, () => handleControlRequest(control, counters, trades, req, res, url, body))
            : Promise.resolve(void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found'));
      work.catch((error: unknown) => {
        log?.(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' }).end('simulator error');
        else res.destroy();
      });
    });
  });
  server.keepAliveTimeout = 5_000;
  const guardedControl = async (req: IncomingMessage, res: ServerResponse, run: () => Promise<void>) => {
    const refusal = controlRefusal(req, (server.address() as AddressInfo).port, options.controlToken);
    if (!refusal) return run();
    res.writeHead(403, { 'Content-Type': 'application/json;charset=UTF-8', Connection: 'close' }).end(JSON.stringify({ error: refusal }));
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const base = `http://${address.address}:${address.port}`;

  return {
    url: `${base}${GATEWAY_PATH}`,
    controlUrl: `${base}${CONTROL_PATH}`,
    port: address.port,
    credentials: { appKey: firstApp.appKey, appSecret: firstApp.appSecret, session: firstSession },
    control,
    counters,
    trades,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging faults keep sockets open on purpose; closing must not wait for them.
        server.closeAllConnections();
      }),
  };
}

function toAppState(app: SimApp): AppState {
  return {
    appKey: app.appKey,
    appSecret: app.appSecret,
    sessions: new Map(app.sessions.map((s) => [s, { expired: false }])),
    windowSecond: 0,
    windowCount: 0,
    bannedUntil: 0,
  };
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} does not exist`);
  return value;
}

/** System params may sit in the query string and business params in the body, or all in one (spec §1.2). */
function collectParams(req: IncomingMessage, url: URL, body: Buffer): Map<string, string> {
  const params = new Map<string, string>();
  const add = (name: string, value: string) => {
    if (params.has(name)) throw errors.parameterError(`参数 ${name} 重复出现`);
    params.set(name, value);
  };
  for (const [k, v] of url.searchParams) add(k, v);
  if (body.length > 0) {
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    if (type.startsWith('multipart/')) throw errors.parameterError('模拟器不支持 multipart 上传');
    if (!type.startsWith('application/x-www-form-urlencoded'))
      throw errors.parameterError('Content-Type 必须是 application/x-www-form-urlencoded;charset=utf-8');
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) add(k, v);
  }
  return params;
}

async function sendHttpStatus(res: ServerResponse, status: number, latencyMs: number) {
  if (latencyMs > 0) await sleep(latencyMs);
  res.writeHead(status, { 'Content-Type': 'text/html' });
  res.end(`<html><body><h1>${status}</h1>Tengine</body></html>`);
}

/** Headers and half the body, then the socket dies: the client saw the call land but not its answer. */
async function resetMidResponse(res: ServerResponse, text: string, format: Format, latencyMs: number) {
  if (latencyMs > 0) await sleep(latencyMs);
  const payload = Buffer.from(text, 'utf8');
  res.writeHead(200, { 'Content-Type': format === 'json' ? 'application/json;charset=UTF-8' : 'text/xml;charset=UTF-8', 'Content-Length': payload.length });
  res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
}
