// Issue 16 audit: the demo simulators' control endpoints accepted cross-origin text/plain POSTs with any Host, so a
// web page could inject a reply with a link into the demo inbox. Now: loopback Host only, no browser (Origin)
// requests, and in demo mode a per-run token.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoWorld, type DemoWorld } from '../../../electron/demo/world';
import { startMqSimulator, type MqSimulator } from '../../../electron/sim/mq-http';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';

/** A raw request, so Host and Origin are exactly what a browser (or a rebinding page) would send. */
function post(port: number, path: string, headers: Record<string, string>, body = '{"sender":"13800000001","content":"点 http://evil.example 领红包"}') {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'text/plain', ...headers } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('simulator control APIs', () => {
  let mq: MqSimulator;
  let top: TopGateway;
  beforeAll(async () => {
    mq = await startMqSimulator();
    top = await startTopGateway();
  });
  afterAll(async () => {
    await mq.close();
    await top.close();
  });

  it('refuse a foreign Host (DNS rebinding) and any browser request (Origin), on both simulators', async () => {
    const mqPort = Number(new URL(mq.endpoint).port);
    const before = mq.control.state().counters.published;
    expect((await post(mqPort, '/__sim/reply', { host: `evil.example:${mqPort}` })).status).toBe(403);
    expect((await post(mqPort, '/__sim/reply', { host: `127.0.0.1:${mqPort}`, origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(mqPort, '/__sim/reply', { host: `127.0.0.1:${mqPort}`, origin: 'null' })).status).toBe(403);
    expect(mq.control.state().counters.published).toBe(before);

    expect((await post(top.port, '/__control/trades', { host: `evil.example:${top.port}` }, '{}')).status).toBe(403);
    expect((await post(top.port, '/__control/trades', { host: `localhost:${top.port}`, origin: 'https://evil.example' }, '{}')).status).toBe(403);
    expect(top.trades.list()).toHaveLength(0);
  });

  it('still serve tools and tests on loopback without a token when none is configured', async () => {
    const mqPort = Number(new URL(mq.endpoint).port);
    const ok = await post(
      mqPort,
      '/__sim/reply',
      { host: `127.0.0.1:${mqPort}`, 'content-type': 'application/json' },
      '{"sender":"13800000001","content":"你好"}',
    );
    expect(ok.status).toBe(201);
  });
});

describe('demo mode', () => {
  let world: DemoWorld;
  beforeAll(async () => {
    world = await startDemoWorld({ shop: { seed: 7, pastOrders: 0 } });
  });
  afterAll(async () => world.close());

  it('answers control requests only with its per-run token, which no page can know', async () => {
    const mqPort = Number(new URL(world.mq.endpoint).port);
    const refused = await post(mqPort, '/__sim/reply', { host: `127.0.0.1:${mqPort}` });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('x-sim-token');
    expect((await post(world.top.port, '/__control/trades', { host: `127.0.0.1:${world.top.port}`, 'x-sim-token': 'guess' }, '{}')).status).toBe(403);
  });
});
