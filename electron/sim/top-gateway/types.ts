import type { DeliveryRule, ReviewOutcome, SendEvent, SimSend, SimSignature, SimTemplate } from './state';
import type { TradeWorld } from './trades';

export interface SimApp {
  appKey: string;
  appSecret: string;
  /** Valid seller sessions of this app. */
  sessions: string[];
}

export interface TopGatewayOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, control requests must carry it in X-Sim-Token (demo mode sets a random one). */
  controlToken?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Default: one app with DEMO_CREDENTIALS. */
  apps?: SimApp[];
  /** Automatic review of new/modified templates and signatures; null (default) = only on command. */
  reviewDelayMs?: number | null;
  reviewOutcome?: ReviewOutcome;
  rejectReason?: string;
  /** num.query shows "等待回执" for this long after a send. Default 0. */
  deliveryDelayMs?: number;
  /** Outcome of sends to numbers without a setDelivery rule. Default: delivered (DELIVRD). */
  deliveryFor?: (phone: string) => DeliveryRule;
  /** Added to every answer. Default 0. */
  latencyMs?: number;
  /** Calls per second per app key (counted in whole-second windows); exceeding bans the app. Default none. */
  qpsLimit?: number | null;
  /** Length of the ban a QPS overrun earns. Default 1. */
  banSeconds?: number;
  /** Shifts the gateway's clock (timestamp skew checks, dates). Default 0. */
  clockOffsetMs?: number;
  /** gzip answers when the client accepts it. Default true. */
  gzip?: boolean;
  /** Business failures say r_success:true (inconsistent doc examples, spec §1.10 quirk 6). Default false. */
  rSuccessTrueOnFailure?: boolean;
  /** Listener registered from the start (same as control.onSend): one call per number sent. */
  onSend?: (event: SendEvent) => void;
  /** One line per request (for the standalone CLI). */
  log?: (line: string) => void;
  /** The gateway's base clock (default Date.now); clockOffsetMs shifts it. Trades read the same clock. */
  now?: () => number;
  /** Seller nick of orders created without one. Default 张三男装淘宝店. */
  sellerNick?: string;
  /** Seeds the tid sequence, so a demo run's order numbers are reproducible. Default 0. */
  tradeSeed?: number;
  /** How direct.batchsend reads oaids / order_ids / sign_name (orders-oaid.md §0). Default 'json' (JSON arrays). */
  oaidListEncoding?: 'json' | 'comma';
}

/**
 * What a fault does to the next matching call(s). Faults fire after the gateway has authenticated the call.
 * `execute: true` runs the call (records sends) before misbehaving — the "unknown outcome" cases.
 */
export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'reset'; when: 'before-execute' | 'after-execute' }
  | { kind: 'http-status'; status: number; execute?: boolean }
  | { kind: 'hang'; execute?: boolean }
  | { kind: 'ban'; seconds: number; subCode?: string }
  | { kind: 'error'; code: number; msg: string; subCode?: string; subMsg?: string }
  | { kind: 'invalid-session' }
  | { kind: 'raw'; body: string; status?: number; contentType?: string };

export interface ActiveFault {
  method: string;
  fault: Fault;
  /** Remaining uses; Infinity = until cleared. */
  remaining: number;
}

export interface TopGatewayCounters {
  /** Every request to /router/rest. */
  calls: number;
  callsByMethod: Record<string, number>;
  /** `code` or `code:sub_code` of every error_response, plus `r_code:<code>` of business failures. */
  errors: Record<string, number>;
  /** Code-7 answers. */
  bans: number;
  /** Per-number sends recorded by batchsend. */
  sendsByNumber: Record<string, number>;
  /** Per-number sends grouped by task_sign. */
  sendsByTaskSign: Record<string, number>;
  /** batchsend calls that recorded sends, grouped by task_sign. */
  batchesByTaskSign: Record<string, number>;
  faultsFired: number;
  /** Arrival time (ms, monotonic) of the latest 10 000 gateway requests, for QPS measurements. */
  arrivals: number[];
}

export interface HeldCall {
  method: string;
  taskSign?: string;
}

export interface SendFilter {
  phone?: string;
  taskSign?: string;
  bizId?: string;
}

export interface TopGatewayControl {
  inject(method: string, fault: Fault, opts?: { times?: number }): void;
  clearFaults(method?: string): void;
  faults(): ActiveFault[];
  setLatency(ms: number): void;
  setQpsLimit(limit: number | null, banSeconds?: number): void;
  /** Bans an app key (default: the first app) as a QPS overrun would. */
  ban(seconds: number, appKey?: string): void;
  setClockOffset(ms: number): void;
  setReview(policy: { delayMs?: number | null; outcome?: ReviewOutcome; reason?: string }): void;
  setRSuccessTrueOnFailure(on: boolean): void;
  addSession(session: string, appKey?: string): void;
  /** The session stops working (code 27), as when a seller's authorization expires. */
  expireSession(session: string): void;
  seedTemplate(t: { code?: string; name?: string; content: string; type?: number; status?: 'pending' | 'approved' | 'rejected'; reason?: string }): string;
  seedSignature(s: { name: string; status?: 'pending' | 'approved' | 'rejected'; reason?: string; source?: number }): void;
  approveTemplate(code: string): void;
  rejectTemplate(code: string, reason: string): void;
  approveSignature(name: string): void;
  rejectSignature(name: string, reason: string): void;
  template(code: string): SimTemplate | undefined;
  signature(name: string): SimSignature | undefined;
  /** Outcome of future sends to this number (default delivered / DELIVRD). */
  setDelivery(phone: string, rule: DeliveryRule): void;
  setDeliveryDelay(ms: number): void;
  /** Per number + signature + template in a rolling 24 h (isv.BUSINESS_LIMIT_CONTROL above it); null = off (default). */
  setNumberLimit(perDay: number | null): void;
  /** Prepaid segments (isv.AMOUNT_NOT_ENOUGH when a batch needs more); null = unlimited (default). */
  setBalance(segments: number | null): void;
  balance(): number | null;
  /**
   * One app key's own prepaid segments, tracked per app (isv.AMOUNT_NOT_ENOUGH once a batch needs more than is left,
   * so every send at zero); null = back to the shared balance above.
   */
  setAppBalance(appKey: string, segments: number | null): void;
  appBalance(appKey: string): number | null;
  /** Variable values containing one of these are refused with isv.BLACK_KEY_CONTROL_LIMIT. */
  setBlockedKeywords(words: string[]): void;
  /** Any batch containing this number is refused with subCode (null removes the rule). */
  rejectNumber(phone: string, subCode: string | null): void;
  sends(filter?: SendFilter): SimSend[];
  clearSends(): void;
  /**
   * Holds the answer of every successful call of `method` (after it executed) until `hold` resolves — a test gate:
   * the call took effect and the client is still waiting. null removes it.
   */
  holdAnswers(method: string, hold: ((call: HeldCall) => Promise<void> | void) | null): void;
  /** Called once per number of every successful batchsend; returns an unsubscribe function. */
  onSend(listener: (event: SendEvent) => void): () => void;
  resetCounters(): void;
  /** On: every trade API answers code 11 isv.permission-ip-whitelist-limit (callable only inside Jushita). */
  restrictTrades(on: boolean): void;
  /** OAID batchsend refuses orders created more than `days` ago (isv.OAID_EXPIRED, assumed); null = never. */
  refuseOldOaids(days: number | null): void;
  setOaidListEncoding(encoding: 'json' | 'comma'): void;
}

export interface TopGateway {
  /** Gateway URL (…/router/rest) to configure as gatewayUrl. */
  url: string;
  /** Base of the HTTP control API (…/__control). */
  controlUrl: string;
  port: number;
  /** The first app and its first session. */
  credentials: { appKey: string; appSecret: string; session: string };
  control: TopGatewayControl;
  /** Live object: read it at any time. */
  counters: TopGatewayCounters;
  /** The seller's orders: control them here; the trade APIs answer from them. */
  trades: TradeWorld;
  close(): Promise<void>;
}
