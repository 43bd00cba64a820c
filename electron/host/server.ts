import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../core/app-core';
import { readRendererFile, rendererResponseHeaders } from '../core/renderer-files';

/**
 * Browser host: the same renderer and contract over loopback HTTP.
 * POST /api/rpc {method, input} → envelope; GET /api/events → Server-Sent Events.
 * Guards: bound to 127.0.0.1 only, per-launch token (URL fragment → X-JST-Token header),
 * Host must be the bound address (DNS rebinding), Origin, when sent, must be ours.
 */
export const TOKEN_HEADER = 'x-jst-token';
const MAX_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;
/** Limits on what one local client can hold: tabs are few, a stalled one must not buffer events forever. */
export interface HostLimits {
  /** A request body must arrive within this (408 and close otherwise). */
  bodyTimeoutMs: number;
  maxEventClients: number;
  /** Unsent event bytes after which a client that stopped reading is dropped. */
  maxEventBufferBytes: number;
}
export const HOST_LIMITS: Readonly<HostLimits> = { bodyTimeoutMs: 15_000, maxEventClients: 8, maxEventBufferBytes: 1024 * 1024 };

export interface BrowserHostOptions {
  core: Core;
  rendererDir: string;
  port?: number;
  token?: string;
  /** Overrides of HOST_LIMITS (tests use small ones). */
  limits?: Partial<HostLimits>;
}

export interface BrowserHost {
  /** Open this in the browser; the token travels in the fragment, never to the server's logs. */
  url: string;
  origin: string;
  token: string;
  /** Connected event streams right now. */
  eventClients(): number;
  close(): Promise<void>;
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const log = options.core.log.child('host');
  const sseClients = new Set<ServerResponse>();
  const limits = { ...HOST_LIMITS, ...options.limits };
  let origin = '';

  const tokenOk = (req: IncomingMessage) => {
    const given = Buffer.from(String(req.headers[TOKEN_HEADER] ?? ''));
    return given.length === tokenBytes.length && timingSafeEqual(given, tokenBytes);
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      log.error('host request failed', { error });
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: '内部错误。' } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const host = req.headers.host;
    if (host !== origin.slice('http://'.length)) return sendAndClose(req, res, 403, forbidden('Host 不匹配（拒绝 DNS 重绑定）。'));
    const url = new URL(req.url ?? '/', origin);

    if (url.pathname.startsWith('/api/')) {
      const requestOrigin = req.headers.origin;
      // Refusals close the connection: a body we will never read must not be received (or kept open) at all.
      if (requestOrigin !== undefined && requestOrigin !== origin) return sendAndClose(req, res, 403, forbidden('来源（Origin）不被允许。'));
      if (!tokenOk(req)) return sendAndClose(req, res, 401, forbidden('缺少或错误的访问令牌，请使用启动时打印的地址打开。'));
      if (url.pathname === '/api/rpc' && req.method === 'POST') return rpc(req, res);
      if (url.pathname === '/api/events' && req.method === 'GET') return events(req, res);
      return sendAndClose(req, res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'Not found' } });
    }

    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendAndClose(req, res, 405, { ok: false, error: { code: 'BAD_REQUEST', message: 'Method not allowed' } });
    const file = await readRendererFile(options.rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    res.writeHead(200, { ...rendererResponseHeaders(file.path), 'X-Frame-Options': 'DENY' });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  async function rpc(req: IncomingMessage, res: ServerResponse) {
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendAndClose(req, res, 415, { ok: false, error: { code: 'BAD_REQUEST', message: '请求必须是 application/json。' } });
    }
    const tooLarge = () => sendAndClose(req, res, 413, { ok: false, error: { code: 'BAD_REQUEST', message: '请求过大。' } });
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return tooLarge();
    let text: string;
    try {
      text = (await readBody(req, MAX_BODY_BYTES, limits.bodyTimeoutMs)).toString('utf8');
    } catch (error) {
      if (error instanceof BodyError && error.reason === 'timeout') {
        return sendAndClose(req, res, 408, { ok: false, error: { code: 'BAD_REQUEST', message: '请求体接收超时。' } });
      }
      if (error instanceof BodyError && error.reason === 'too large') return tooLarge();
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return sendJson(res, 400, { ok: false, error: { code: 'BAD_REQUEST', message: '请求不是有效的 JSON。' } });
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return sendJson(res, 400, { ok: false, error: { code: 'BAD_REQUEST', message: '请求格式应为 {"method": …, "input": …}。' } });
    }
    const { method, input } = body as { method?: unknown; input?: unknown };
    const envelope = await options.core.dispatch(method, input ?? {});
    const status = envelope.ok ? 200 : envelope.error.code === 'BAD_REQUEST' || envelope.error.code === 'UNKNOWN_METHOD' ? 400 : 200;
    sendJson(res, status, envelope);
  }

  function events(req: IncomingMessage, res: ServerResponse) {
    if (sseClients.size >= limits.maxEventClients) {
      return sendAndClose(req, res, 429, {
        ok: false,
        error: { code: 'CONFLICT', message: `同时打开的页面过多（最多 ${limits.maxEventClients} 个），请关闭不用的标签页后刷新。` },
      });
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    sseClients.add(res);
    const heartbeat = setInterval(() => push(res, ': ping\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      sseClients.delete(res);
    });
  }

  /**
   * Backpressure: a client that stopped reading (suspended tab, stalled socket) is dropped once its unsent buffer
   * passes the limit, instead of holding every later event in memory. Its page reconnects and refetches.
   */
  function push(client: ServerResponse, frame: string) {
    if (client.destroyed) return;
    if (client.writableLength > limits.maxEventBufferBytes) {
      log.warn('event stream dropped: client not reading', { buffered: client.writableLength });
      sseClients.delete(client);
      client.destroy();
      return;
    }
    client.write(frame);
  }

  const unsubscribe = options.core.events.subscribe((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const client of sseClients) push(client, frame);
  });

  // Whole-request and header deadlines (Node's defaults are 5 minutes); SSE responses are not affected.
  server.requestTimeout = Math.max(limits.bodyTimeoutMs * 2, 1_000);
  server.headersTimeout = Math.min(server.requestTimeout, 10_000);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    eventClients: () => sseClients.size,
    async close() {
      unsubscribe();
      for (const client of sseClients) client.end();
      sseClients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function forbidden(message: string) {
  return { ok: false, error: { code: 'FORBIDDEN', message } };
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

/** Answers, then closes the connection without reading the rest of the request body. */
function sendAndClose(req: IncomingMessage, res: ServerResponse, status: number, body: unknown) {
  res.setHeader('Connection', 'close');
  res.once('finish', () => {
    req.socket.end();
    // A short grace so the client reads the answer before the socket goes (destroying at once may reset it).
    setTimeout(() => req.socket.destroy(), 500).unref();
  });
  sendJson(res, status, body);
  req.pause();
}

class BodyError extends Error {
  constructor(readonly reason: 'too large' | 'timeout') {
    super(reason);
  }
}

function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: BodyError) => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      req.pause();
      reject(error);
    };
    // A client that announces a body and then trickles or stalls does not hold the request open.
    const timer = setTimeout(() => stop(new BodyError('timeout')), timeoutMs);
    timer.unref();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return stop(new BodyError('too large'));
      chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
