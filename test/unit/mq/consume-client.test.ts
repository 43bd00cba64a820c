// The consume request is made by AbortableMqClient itself (see client.ts): its failures must look like the SDK's.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortableMqClient } from '../../../electron/core/mq/client';
import { describeMqError } from '../../../electron/core/mq/errors';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A server that accepts the consume and never answers it. */
async function silentServer(): Promise<{ endpoint: string; arrived: Promise<void> }> {
  let arrived: () => void = () => {};
  const seen = new Promise<void>((resolve) => (arrived = resolve));
  server = createServer(() => arrived());
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrived: seen };
}

const consumerOf = (client: AbortableMqClient) => client.getConsumer('MQ_INST_1', 'topic', 'GID_1');

describe('AbortableMqClient consume', () => {
  it('fails a consume that gets no answer in time as a timeout', async () => {
    const { endpoint } = await silentServer();
    const client = new AbortableMqClient({ endpoint, accessKeyId: 'id', accessKeySecret: 'secret' }, 200);
    const error = await consumerOf(client)
      .consumeMessage(16, 1)
      .catch((e: unknown) => e);
    expect(describeMqError(error).category).toBe('timeout');
    client.close();
  });

  it('abortConsume cuts a long poll in flight as a dropped connection', async () => {
    const { endpoint, arrived } = await silentServer();
    const client = new AbortableMqClient({ endpoint, accessKeyId: 'id', accessKeySecret: 'secret' });
    const pending = consumerOf(client)
      .consumeMessage(16, 30)
      .catch((e: unknown) => e);
    await arrived;
    client.abortConsume();
    expect(describeMqError(await pending).category).toBe('network');
    client.close();
  });

  it('turns an <Error> answer into the SDK error with its Code', async () => {
    server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/xml;charset=utf-8', 'x-mq-request-id': 'R1' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error xmlns="http://mq.aliyuncs.com/doc/v1/"><Code>MessageNotExist</Code><Message>none</Message><RequestId>R1</RequestId></Error>',
      );
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const client = new AbortableMqClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      accessKeyId: 'id',
      accessKeySecret: 'secret',
    });
    const error = await consumerOf(client)
      .consumeMessage(16)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ Code: 'MessageNotExist', RequestId: 'R1' });
    expect(describeMqError(error).category).toBe('empty');
    client.close();
  });
});
