import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';

export interface TransportResponse {
  status: number;
  /** Body as text (already gunzipped); parsed by the client with a lossless JSON parser. */
  text: string;
}

export interface TopTransport {
  /** POSTs a form body. Throws TransportFailure for socket-level failures; any HTTP status resolves. */
  post(url: string, formBody: string, opts: { readTimeoutMs: number }): Promise<TransportResponse>;
  /** Drops pooled keep-alive sockets. */
  close(): void;
}

/** A socket-level failure, with what we know about whether the request reached the server. */
export class TransportFailure extends Error {
  constructor(
    readonly kind: 'network' | 'timeout',
    /** errno-style code (ECONNREFUSED, ECONNRESET, ETOPCONNECTTIMEOUT, …). */
    readonly networkCode: string,
    /** True only when the request certainly never left this machine (DNS, refused, connect timeout, TLS). */
    readonly beforeSend: boolean,
    cause?: unknown,
  ) {
    super(`${kind}: ${networkCode}`, cause === undefined ? undefined : { cause });
    this.name = 'TransportFailure';
  }
}

export const CONNECT_TIMEOUT_CODE = 'ETOPCONNECTTIMEOUT';

/** Failures that happen before a single request byte is written. */
const BEFORE_SEND_CODES = new Set([
  CONNECT_TIMEOUT_CODE,
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
]);
const isTlsSetupFailure = (code: string) => code.startsWith('ERR_TLS') || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code);

export interface AxiosTransportOptions {
  connectTimeoutMs: number;
  /** Free keep-alive sockets are closed after this idle time, before a server would drop them mid-reuse. */
  idleSocketMs?: number;
  userAgent?: string;
}

/** axios over keep-alive agents; POST form-urlencoded UTF-8, gzip accepted, body kept as text. */
export function createAxiosTransport(options: AxiosTransportOptions): TopTransport {
  const agentOptions = { keepAlive: true, keepAliveMsecs: 1000, timeout: options.idleSocketMs ?? 4000 };
  const httpAgent = withConnectTimeout(new http.Agent(agentOptions), options.connectTimeoutMs);
  const httpsAgent = withConnectTimeout(new https.Agent(agentOptions), options.connectTimeoutMs);
  const instance: AxiosInstance = axios.create({
    httpAgent,
    httpsAgent,
    maxRedirects: 0,
    decompress: true,
    responseType: 'text',
    responseEncoding: 'utf8',
    // Keep the raw text: axios' JSON.parse would round ids above 2^53.
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    maxContentLength: 50 * 1024 * 1024,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8',
      'Accept-Encoding': 'gzip, deflate',
      Accept: 'application/json, text/plain, */*',
      'User-Agent': options.userAgent ?? 'jst-sms-desk',
    },
  });

  return {
    async post(url, formBody, { readTimeoutMs }) {
      try {
        const res = await instance.post<string>(url, formBody, { timeout: readTimeoutMs });
        return { status: res.status, text: typeof res.data === 'string' ? res.data : String(res.data ?? '') };
      } catch (error) {
        throw toTransportFailure(error);
      }
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

function withConnectTimeout<A extends http.Agent>(agent: A, connectTimeoutMs: number): A {
  const create = agent.createConnection.bind(agent);
  agent.createConnection = (opts, callback) => {
    const socket = create(opts, callback);
    if (!socket) return socket;
    const timer = setTimeout(() => {
      const error = Object.assign(new Error(`connect timeout after ${connectTimeoutMs} ms`), { code: CONNECT_TIMEOUT_CODE });
      socket.destroy(error);
    }, connectTimeoutMs);
    const clear = () => clearTimeout(timer);
    socket.once('connect', clear);
    socket.once('close', clear);
    return socket;
  };
  return agent;
}

function errorCode(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown };
  // A connect failure on a dual-stack host is an AggregateError; its code may sit on the members.
  const nested = Array.isArray(e.errors) ? e.errors.map(errorCode).find(Boolean) : undefined;
  const fromCause = e.cause && e.cause !== error ? errorCode(e.cause) : undefined;
  if (fromCause && (BEFORE_SEND_CODES.has(fromCause) || !e.code)) return fromCause;
  return typeof e.code === 'string' ? e.code : nested;
}

export function toTransportFailure(error: unknown): TransportFailure {
  const code = errorCode(error) ?? 'UNKNOWN';
  if (code === CONNECT_TIMEOUT_CODE) return new TransportFailure('timeout', code, true, error);
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return new TransportFailure('timeout', code, false, error);
  const beforeSend = BEFORE_SEND_CODES.has(code) || isTlsSetupFailure(code);
  return new TransportFailure('network', code, beforeSend, error);
}
