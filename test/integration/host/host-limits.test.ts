import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../electron/host/server';
import { testCore } from '../../helpers/profile';
import type { Core } from '../../../electron/core/app-core';

// A local client (a misbehaving tab, another program on the machine) cannot make the host hold bodies it
// refused, requests that never finish, or event buffers for a reader that stopped.

let host: BrowserHost;
let core: Core;
let cleanup: () => Promise<void>;
const LIMITS = { bodyTimeoutMs: 300, maxEventClients: 3, maxEventBufferBytes: 64 * 1024 };

beforeAll(async () => {
  const t = await testCore();
  core = t.core;
  const rendererDir = join(t.dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>jst</title>');
  host = await startBrowserHost({ core: t.core, rendererDir, limits: LIMITS });
  cleanup = async () => {
    await host.close();
    await t.cleanup();
  };
});
afterAll(() => cleanup());

/** A raw socket so the test decides exactly how much of a body is sent, and sees when the server hangs up. */
function open(): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  const { port } = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), '127.0.0.1', () => resolve({ socket, received: () => data, closed }));
    let data = '';
    socket.on('data', (c) => (data += c.toString()));
    socket.on('error', () => undefined);
    const closed = new Promise<number>((r) => socket.once('close', () => r(Date.now() - started)));
    socket.once('error', reject);
  });
}
const head = (path: string, headers: Record<string, string | number>) =>
  `POST ${path} HTTP/1.1\r\nHost: ${new URL(host.origin).host}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'still open'>((r) => setTimeout(() => r('still open'), ms))]);

describe('browser host resource limits', () => {
  it('answers 401 to an unauthenticated upload and closes instead of reading the rest', async () => {
    const c = await open();
    c.socket.write(head('/api/rpc', { 'Content-Type': 'application/json', 'Content-Length': 50 * 1024 * 1024 }));
    c.socket.write(Buffer.alloc(256 * 1024, 0x20));
    expect(typeof (await within(c.closed, 3_000))).toBe('number');
    expect(c.received()).toMatch(/^HTTP\/1\.1 401/);
    expect(c.received()).toMatch(/connection: close/i);
  });

  it('answers 413 to an oversized body and closes (announced or discovered while reading)', async () => {
    const announced = await open();
    announced.socket.write(head('/api/rpc', { 'Content-Type': 'application/json', 'Content-Length': 5 * 1024 * 1024, 'X-JST-Token': host.token }));
    expect(typeof (await within(announced.closed, 3_000))).toBe('number');
    expect(announced.received()).toMatch(/^HTTP\/1\.1 413/);

    const chunked = await open();
    chunked.socket.write(head('/api/rpc', { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'X-JST-Token': host.token }));
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    for (let i = 0; i < 5; i++) chunked.socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString('latin1')}\r\n`);
    expect(typeof (await within(chunked.closed, 3_000))).toBe('number');
    expect(chunked.received()).toMatch(/^HTTP\/1\.1 413/);
  });

  it('gives up on a body that stalls (408) and closes', async () => {
    const c = await open();
    c.socket.write(head('/api/rpc', { 'Content-Type': 'application/json', 'Content-Length': 100, 'X-JST-Token': host.token }));
    c.socket.write('{"method":');
    const closedAfter = await within(c.closed, 3_000);
    expect(typeof closedAfter).toBe('number');
    expect(closedAfter as number).toBeGreaterThanOrEqual(LIMITS.bodyTimeoutMs - 50);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('caps event streams and drops one that stops reading', async () => {
    const streams = await Promise.all(
      Array.from({ length: LIMITS.maxEventClients }, async () => {
        const c = await open();
        c.socket.write(`GET /api/events HTTP/1.1\r\nHost: ${new URL(host.origin).host}\r\nX-JST-Token: ${host.token}\r\n\r\n`);
        return c;
      }),
    );
    await expect.poll(() => host.eventClients()).toBe(LIMITS.maxEventClients);

    const extra = await open();
    extra.socket.write(`GET /api/events HTTP/1.1\r\nHost: ${new URL(host.origin).host}\r\nX-JST-Token: ${host.token}\r\n\r\n`);
    expect(typeof (await within(extra.closed, 3_000))).toBe('number');
    expect(extra.received()).toMatch(/^HTTP\/1\.1 429/);

    // One stream stops reading; the others keep reading. Big events pile up only for the stalled one.
    const [stalled, ...reading] = streams;
    stalled!.socket.pause();
    const big = 'x'.repeat(32 * 1024);
    for (let i = 0; i < 400 && host.eventClients() === LIMITS.maxEventClients; i++) {
      core.events.emit('settings.changed', { section: 'top', filler: big } as never);
      await new Promise((r) => setImmediate(r));
    }
    expect(host.eventClients()).toBe(LIMITS.maxEventClients - 1);
    stalled!.socket.resume();
    expect(typeof (await within(stalled!.closed, 3_000))).toBe('number');
    for (const r of reading) expect(r.received()).toContain('event: settings.changed');
    for (const r of reading) r.socket.destroy();
  });
});
