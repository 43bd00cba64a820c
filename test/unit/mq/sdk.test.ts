// The SDK declares xml2js ^0.4.17; package.json overrides it to ^0.6.2 (CVE-2023-0842). These pin that
// the SDK really loads the override and still parses what a real server sends.
import { createRequire } from 'node:module';
import MQ from '@aliyunmq/mq-http-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMqSimulator, type MqSimulator } from '../../../electron/sim/mq-http';

const require = createRequire(import.meta.url);

describe('@aliyunmq/mq-http-sdk with the xml2js override', () => {
  let sim: MqSimulator;
  beforeAll(async () => {
    sim = await startMqSimulator();
  });
  afterAll(() => sim.close());

  it('resolves xml2js >= 0.5 from the SDK itself', () => {
    const sdkRequire = createRequire(require.resolve('@aliyunmq/mq-http-sdk/lib/helper.js'));
    const { version } = sdkRequire('xml2js/package.json') as { version: string };
    const [major, minor] = version.split('.').map(Number);
    expect(major === 0 && minor! >= 5).toBe(true);
  });

  it('exposes only a default export in ESM, with the classes the declarations name', () => {
    expect(typeof MQ.MQClient).toBe('function');
    expect(typeof MQ.MQConsumer).toBe('function');
    expect(typeof MQ.MQProducer).toBe('function');
    expect(typeof MQ.MessageProperties).toBe('function');
  });

  it('round-trips XML-special, CJK and control characters, lists and errors', async () => {
    const client = new MQ.MQClient(sim.endpoint, sim.accessKeyId, sim.accessKeySecret);
    const body = '{"content":"<回复> & \\"TD\\" \u0001 ]]"}';
    await client.getProducer(sim.instanceId, sim.topics[0]!).publishMessage(body, '');
    await client.getProducer(sim.instanceId, sim.topics[0]!).publishMessage('second', 'T');
    const consumer = client.getConsumer(sim.instanceId, sim.topics[0]!, sim.groups[0]!);
    const res = await consumer.consumeMessage(16);
    expect(res.body.map((m) => m.MessageBody)).toEqual([body, 'second']);
    expect(res.body[0]!.MessageTag).toBeUndefined();
    expect(res.body[0]!.Properties).toEqual({});
    const ack = await consumer.ackMessage([res.body[0]!.ReceiptHandle, 'bad<&>handle']);
    expect(ack.body).toEqual([
      { ErrorCode: 'ReceiptHandleError', ErrorMessage: 'The receipt handle you provide is not valid.', ReceiptHandle: 'bad<&>handle' },
    ]);
    await expect(consumer.consumeMessage(16)).rejects.toMatchObject({ Code: 'MessageNotExist' });
  });

  it('cannot publish a body containing "]]>" (its CDATA wrapping breaks; a known SDK limitation)', async () => {
    const client = new MQ.MQClient(sim.endpoint, sim.accessKeyId, sim.accessKeySecret);
    await expect(client.getProducer(sim.instanceId, sim.topics[0]!).publishMessage('a]]>b')).rejects.toMatchObject({ Code: 'MalformedXML' });
  });
});
