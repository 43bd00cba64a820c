import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../electron/host/server';
import { testCore } from '../../helpers/profile';

let host: BrowserHost;
let cleanup: () => Promise<void>;
let emit: (section: 'top' | 'mq') => void;

beforeAll(async () => {
  const t = await testCore();
  const rendererDir = join(t.dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>jst</title>');
  host = await startBrowserHost({ core: t.core, rendererDir });
  emit = (section) => t.core.events.emit('settings.changed', { section });
  cleanup = async () => {
    await host.close();
    await t.cleanup();
  };
});
afterAll(() => cleanup());

/** Raw HTTP so tests control Host and Origin exactly (fetch forbids setting Host). */
function raw(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: url.port, path, method: opts.method ?? 'GET', headers: { host: url.host, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const rpc = (body: unknown, headers: Record<string, string> = {}) =>
  raw('/api/rpc', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-jst-token': host.token, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('browser host', () => {
  it('binds to loopback and puts the token in the URL fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers a valid request', async () => {
    const res = await rpc({ method: 'vault.status', input: {} });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, result: { state: 'uninitialized', backend: 'passphrase' } });
  });

  it('refuses a missing or wrong token', async () => {
    for (const token of ['', 'wrong', host.token.slice(0, -1) + 'x', host.token + 'x']) {
      const res = await rpc({ method: 'vault.status', input: {} }, { 'x-jst-token': token });
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body).error.code).toBe('FORBIDDEN');
    }
    const events = await raw('/api/events');
    expect(events.status).toBe(401);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const res = await rpc({ method: 'vault.status', input: {} }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    const ok = await rpc({ method: 'vault.status', input: {} }, { origin: host.origin });
    expect(ok.status).toBe(200);
  });

  it('refuses a Host header that is not the bound loopback address (DNS rebinding)', async () => {
    const port = new URL(host.origin).port;
    for (const hostHeader of [`evil.example:${port}`, `localhost:${port}`, `127.0.0.1:1`, 'evil.example']) {
      const res = await raw('/api/rpc', {
        method: 'POST',
        headers: { host: hostHeader, 'content-type': 'application/json', 'x-jst-token': host.token },
        body: '{"method":"vault.status","input":{}}',
      });
      expect(res.status, hostHeader).toBe(403);
      const page = await raw('/', { headers: { host: hostHeader } });
      expect(page.status, hostHeader).toBe(403);
    }
  });

  it('gives malformed payloads a clear validation error', async () => {
    const bad = await rpc({ method: 'settings.savePreferences', input: { language: 'klingon', closeToTray: 'yes' } });
    expect(bad.status).toBe(400);
    const body = JSON.parse(bad.body);
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['language', 'closeToTray', 'notifyReplies']));

    expect((await rpc('{not json')).status).toBe(400);
    expect(JSON.parse((await rpc('[1,2]')).body).error.code).toBe('BAD_REQUEST');
    expect(JSON.parse((await rpc({ method: 'no.such', input: {} })).body).error.code).toBe('UNKNOWN_METHOD');
    // A method that is not a string (one whose toString is not callable made String() throw → HTTP 500).
    for (const method of [{ toString: 1 }, 42, null, ['a'], { valueOf: {}, toString: {} }]) {
      const reply = await rpc({ method, input: {} });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body).error.code).toBe('UNKNOWN_METHOD');
    }
    expect((await rpc('x'.repeat(1024 * 1024 + 10))).status).toBe(413);
    const wrongType = await raw('/api/rpc', { method: 'POST', headers: { 'content-type': 'text/plain', 'x-jst-token': host.token }, body: '{}' });
    expect(wrongType.status).toBe(415);
  });

  it('serves the renderer with a strict CSP and no traversal', async () => {
    const page = await raw('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await raw('/../package.json')).status).toBe(404);
    expect((await raw('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('streams events over SSE to a client with the token', async () => {
    const url = new URL(host.origin);
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: url.port, path: '/api/events', headers: { host: url.host, 'x-jst-token': host.token } }, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes(': connected')) emit('mq');
          if (text.includes('data: ')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', (e) => (String(e).includes('socket hang up') ? undefined : reject(e)));
      req.end();
    });
    expect(received).toContain('event: settings.changed\ndata: {"section":"mq"}\n\n');
  });
});
