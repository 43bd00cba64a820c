import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startOnRememberedPort } from '../../../electron/host/port';
import { tempDir } from '../../helpers/profile';

// npm start reuses the last port when it is free, so an old tab reaches the new launch (and is told to reopen).
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function listen(port: number): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => res.end('ok'));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ origin: `http://127.0.0.1:${address.port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

describe('startOnRememberedPort', () => {
  it('remembers the port it got and takes it again next time', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const first = await startOnRememberedPort(dir, listen);
    const port = new URL(first.origin).port;
    expect(readFileSync(join(dir, 'host-port'), 'utf8').trim()).toBe(port);
    await first.close();
    const second = await startOnRememberedPort(dir, listen);
    cleanups.push(() => second.close());
    expect(new URL(second.origin).port).toBe(port);
  });

  it('falls back to any free port when the remembered one is taken, and remembers the new one', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const squatter = await listen(0);
    cleanups.push(() => squatter.close());
    const taken = new URL(squatter.origin).port;
    writeFileSync(join(dir, 'host-port'), `${taken}\n`);
    const started = await startOnRememberedPort(dir, listen);
    cleanups.push(() => started.close());
    expect(new URL(started.origin).port).not.toBe(taken);
    expect(readFileSync(join(dir, 'host-port'), 'utf8').trim()).toBe(new URL(started.origin).port);
  });

  it('ignores a damaged port file', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    writeFileSync(join(dir, 'host-port'), 'not a port');
    const started = await startOnRememberedPort(dir, listen);
    cleanups.push(() => started.close());
    expect(Number(new URL(started.origin).port)).toBeGreaterThan(0);
  });
});
