import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../core/app-core';
import { readRendererFile } from '../shell/static-files';
import { rendererResponseHeaders } from '../shell/security';

/**
 * Browser host: the same renderer and contract over loopback HTTP.
 * POST /api/rpc {method, input} → envelope; GET /api/events → Server-Sent Events.
 * Guards: bound to 127.0.0.1 only, per-launch token (URL fragment → X-JST-Token header),
 * Host must be the bound address (DNS rebinding), Origin, when sent, must be ours.
 */
export const TOKEN_HEADER = 'x-jst-token';
const MAX_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

export interface BrowserHostOptions {
  core: Core;
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface BrowserHost {
  /** Open this in the browser; the token travels in the fragment, never to the server's logs. */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const log = options.core.log.child('host');
  const sseClients = new Set<ServerResponse>();
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
    if (host !== origin.slice('http://'.length)) return sendJson(res, 403, forbidden('Host 不匹配（拒绝 DNS 重绑定）。'));
    const url = new URL(req.url ?? '/', origin);

    if (url.pathname.startsWith('/api/')) {
      const requestOrigin = req.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== origin) return sendJson(res, 403, forbidden('来源（Origin）不被允许。'));
      if (!tokenOk(req)) return sendJson(res, 401, forbidden('缺少或错误的访问令牌，请使用启动时打印的地址打开。'));
      if (url.pathname === '/api/rpc' && req.method === 'POST') return rpc(req, res);
      if (url.pathname === '/api/events' && req.method === 'GET') return events(req, res);
      return sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: 'Not found' } });
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'BAD_REQUEST', message: 'Method not allowed' } });
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
      return sendJson(res, 415, { ok: false, error: { code: 'BAD_REQUEST', message: '请求必须是 application/json。' } });
    }
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)).toString('utf8'));
    } catch (error) {
      const tooLarge = error instanceof Error && error.message === 'too large';
      return sendJson(res, tooLarge ? 413 : 400, { ok: false, error: { code: 'BAD_REQUEST', message: tooLarge ? '请求过大。' : '请求不是有效的 JSON。' } });
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
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    sseClients.add(res);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    req.on('close', () => {
      clearInterval(heartbeat);
      sseClients.delete(res);
    });
  }

  const unsubscribe = options.core.events.subscribe((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Keep draining (not destroying) so the client still reads our 413.
        reject(new Error('too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
