import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * A loopback server where secrets must never arrive, for the calling test file: started before its tests, closed
 * after them; `hits` records every request (method, path, Authorization) and is emptied after each test.
 */
export function attackerServer(): { readonly url: string; readonly hits: string[] } {
  let server: Server | undefined;
  let url = '';
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    hits.length = 0;
  });
  afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));
  return {
    get url() {
      return url;
    },
    hits,
  };
}
