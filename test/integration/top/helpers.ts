import { TopClient, type TopClientOptions } from '../../../electron/core/top/client';
import { TopError } from '../../../electron/core/top/errors';
import { RateLimiter } from '../../../electron/core/top/limiter';
import type { TopGateway } from '../../../electron/sim/top-gateway';

/** A client for the simulator with its own limiter (tests must not share quota state) and fast retries. */
export function clientFor(gw: TopGateway, options: Partial<TopClientOptions> = {}): TopClient {
  return new TopClient({
    ...gw.credentials,
    gatewayUrl: gw.url,
    limiter: new RateLimiter(options.qps ?? 500),
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    readTimeoutMs: 3_000,
    ...options,
  });
}

export async function topError(promise: Promise<unknown>): Promise<TopError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TopError) return error;
    throw error;
  }
  throw new Error('expected a TopError');
}

/** POSTs hand-built params (optionally some in the query string) and returns the parsed JSON or XML text. */
export async function rawCall(url: string, body: Record<string, string>, opts: { query?: Record<string, string>; method?: string; contentType?: string } = {}) {
  const target = new URL(url);
  for (const [k, v] of Object.entries(opts.query ?? {})) target.searchParams.set(k, v);
  const res = await fetch(target, {
    method: opts.method ?? 'POST',
    headers: { 'Content-Type': opts.contentType ?? 'application/x-www-form-urlencoded;charset=utf-8' },
    body: opts.method === 'GET' ? undefined : new URLSearchParams(body).toString(),
  });
  const text = await res.text();
  let json: Record<string, any> | undefined;
  try {
    json = JSON.parse(text) as Record<string, any>;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}
