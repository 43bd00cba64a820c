import { AppError } from '../../../shared/errors';
import type { SignMethod } from '../../../shared/settings/schema';
import type { Logger } from '../log/logger';
import { apiInfo } from './apis';
import { str } from './body';
import { systemClock, type Clock } from '../clock';
import { TopError } from './errors';
import { RateLimiter, sharedRateLimiter, type Priority } from './limiter';
import { encodeBusinessParams, formEncode, signRequest, type TopParams } from './request';
import { interpretResponse, type TopBody } from './response';
import { backoffMs, DEFAULT_RETRY_POLICY, shouldRetry, type RetryPolicy } from './retry';
import { createAxiosTransport, TransportFailure, type TopTransport } from './transport';

/** A code-7 answer without "N more seconds" still pauses the app key this long. */
const DEFAULT_BAN_MS = 1_000;

export interface TopClientOptions {
  appKey: string;
  appSecret: string;
  /** Seller authorization (OAuth access_token); sent with every call when set. */
  session?: string;
  gatewayUrl: string;
  signMethod?: SignMethod;
  simplify?: boolean;
  /** Calls per second for this app key (shared process-wide with other clients of the same key). */
  qps?: number;
  partnerId?: string;
  connectTimeoutMs?: number;
  /** Until the response headers arrive, then per idle gap. */
  readTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  log?: Logger;
  clock?: Clock;
  /** Defaults to axios over keep-alive agents. */
  transport?: TopTransport;
  /** Defaults to the process-wide limiter of (gateway, app key). */
  limiter?: RateLimiter;
  /** Called after every attempt (e.g. to drive the online/offline indicator). */
  onAttempt?: (outcome: AttemptOutcome) => void;
}

export interface AttemptOutcome {
  method: string;
  ok: boolean;
  error?: TopError;
  attempt: number;
  durationMs: number;
}

export interface CallOptions {
  /** Overrides the API table: read-only calls may be retried after an unknown outcome. */
  readOnly?: boolean;
  /** Overrides RetryPolicy.maxAttempts for this call (1 = no retry). */
  maxAttempts?: number;
  /** 'low' = background work that only uses quota left idle (see RateLimiter). */
  priority?: Priority;
}

/** What the typed API wrappers need: one signed call, and the client's clock. */
export interface TopCaller {
  call(method: string, params?: TopParams, options?: CallOptions): Promise<TopBody>;
  now(): number;
}

/**
 * Signed TOP RPC: signs, rate-limits, sends, parses and retries exactly as far as is safe. Any API through `call()`;
 * TopClient adds the typed Jushita SMS wrappers.
 */
export class TopRpc implements TopCaller {
  readonly gatewayUrl: string;
  readonly signMethod: SignMethod;
  readonly simplify: boolean;
  private readonly retry: RetryPolicy;
  private readonly clock: Clock;
  private readonly transport: TopTransport;
  private readonly ownsTransport: boolean;
  private readonly limiter: RateLimiter;
  private readonly log?: Logger;
  private readonly readTimeoutMs: number;
  private readonly host: string;
  private readonly scrubber: (text: string) => string;

  constructor(private readonly options: TopClientOptions) {
    if (!options.appKey) throw new AppError('NOT_CONFIGURED', '尚未填写 App Key。');
    if (!options.appSecret) throw new AppError('NOT_CONFIGURED', '尚未填写 App Secret。');
    let url: URL;
    try {
      url = new URL(options.gatewayUrl);
    } catch {
      throw new AppError('NOT_CONFIGURED', '网关地址不是有效的 http(s) 地址。');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('NOT_CONFIGURED', '网关地址不是有效的 http(s) 地址。');
    this.gatewayUrl = options.gatewayUrl;
    this.host = url.host;
    this.signMethod = options.signMethod ?? 'hmac-sha256';
    this.simplify = options.simplify ?? true;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.clock = options.clock ?? systemClock;
    this.readTimeoutMs = options.readTimeoutMs ?? 20_000;
    const connectTimeoutMs = Math.min(options.connectTimeoutMs ?? 5_000, this.readTimeoutMs);
    this.ownsTransport = !options.transport;
    this.transport = options.transport ?? createAxiosTransport({ connectTimeoutMs, userAgent: options.partnerId });
    this.limiter = options.limiter ?? sharedRateLimiter(options.gatewayUrl, options.appKey, options.qps ?? 5);
    this.log = options.log;
    const secrets = [options.appSecret, options.session].filter((s): s is string => !!s && s.length >= 4);
    this.scrubber = (text) => secrets.reduce((out, secret) => out.split(secret).join('***'), text);
  }

  now(): number {
    return this.clock.now();
  }

  /** Aborts calls in flight (their sockets are destroyed) and refuses new attempts and retries: a process can exit. */
  close() {
    this.closed = true;
    if (this.ownsTransport) this.transport.close();
  }
  private closed = false;

  /**
   * Calls any TOP API. Returns the response object without its `<x>_response` root and list wrappers.
   * Throws TopError (gateway/business/network) — a write whose outcome is unknown is never retried.
   */
  async call(method: string, params: TopParams = {}, options: CallOptions = {}): Promise<TopBody> {
    const readOnly = options.readOnly ?? apiInfo(method).readOnly;
    const maxAttempts = Math.max(1, options.maxAttempts ?? this.retry.maxAttempts);
    let business: Record<string, string>;
    try {
      business = encodeBusinessParams(params);
    } catch (error) {
      throw new AppError('BAD_REQUEST', `请求参数无效：${error instanceof Error ? error.message : String(error)}`);
    }

    for (let attempt = 1; ; attempt++) {
      const started = this.clock.now();
      try {
        const body = await this.attempt(method, business, readOnly, options.priority);
        this.log?.debug('top call ok', { method, attempt, ms: this.clock.now() - started, request_id: str(body.request_id) });
        this.options.onAttempt?.({ method, ok: true, attempt, durationMs: this.clock.now() - started });
        return body;
      } catch (error) {
        if (!(error instanceof TopError)) throw error;
        this.options.onAttempt?.({ method, ok: false, error, attempt, durationMs: this.clock.now() - started });
        const willRetry = !this.closed && shouldRetry(error, attempt, maxAttempts, this.retry);
        this.log?.[willRetry ? 'info' : 'warn']('top call failed', { attempt, willRetry, error: error.toJSON() });
        if (!willRetry) throw error;
        // A ban already paused the shared limiter, so the next acquire() waits it out; anything else backs off.
        if (error.topCode !== 7) await this.clock.sleep(backoffMs(this.retry, attempt, this.clock.random()));
      }
    }
  }

  private async attempt(method: string, business: Record<string, string>, readOnly: boolean, priority: Priority = 'normal'): Promise<TopBody> {
    const pausedMs = this.limiter.pauseRemainingMs();
    if (pausedMs > this.retry.maxBanWaitMs) {
      throw new TopError({ method, kind: 'throttled', readOnly, banSeconds: Math.ceil(pausedMs / 1000) });
    }
    await this.limiter.acquire(priority);
    if (this.closed) throw new TopError({ method, kind: 'network', readOnly, networkCode: 'CLIENT_CLOSED', beforeSend: true, host: this.host });
    const wire = signRequest(
      {
        method,
        appKey: this.options.appKey,
        session: this.options.session,
        now: this.clock.now(),
        signMethod: this.signMethod,
        simplify: this.simplify,
        partnerId: this.options.partnerId,
      },
      business,
      this.options.appSecret,
    );
    let response;
    try {
      response = await this.transport.post(this.gatewayUrl, formEncode(wire), { readTimeoutMs: this.readTimeoutMs });
    } catch (error) {
      if (!(error instanceof TransportFailure)) throw error;
      throw new TopError({
        method,
        kind: error.kind,
        readOnly,
        networkCode: error.networkCode,
        beforeSend: error.beforeSend,
        host: this.host,
        cause: error,
      });
    }
    try {
      return interpretResponse(response.status, response.text, { method, readOnly, scrub: this.scrubber });
    } catch (error) {
      if (error instanceof TopError && error.topCode === 7) this.limiter.pauseFor(error.banSeconds !== null ? error.banSeconds * 1000 : DEFAULT_BAN_MS);
      throw error;
    }
  }
}
