// The simulator's protocol, exercised with the official SDK as client (mq-http.md §2–§4).
import { createHash } from 'node:crypto';
import MQ from '@aliyunmq/mq-http-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { startMqSimulator, type MqSimulator, type MqSimulatorOptions } from '../../../electron/sim/mq-http';

const sims: MqSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

async function sim(options: MqSimulatorOptions = {}) {
  const s = await startMqSimulator(options);
  sims.push(s);
  return s;
}

function clientOf(s: MqSimulator, overrides: { endpoint?: string; accessKeyId?: string; accessKeySecret?: string } = {}) {
  return new MQ.MQClient(overrides.endpoint ?? s.endpoint, overrides.accessKeyId ?? s.accessKeyId, overrides.accessKeySecret ?? s.accessKeySecret);
}

function consumerOf(s: MqSimulator, opts: { tag?: string; group?: string; topic?: string; instanceId?: string | undefined; client?: MQ.MQClient } = {}) {
  const instance = 'instanceId' in opts ? opts.instanceId : s.instanceId;
  return (opts.client ?? clientOf(s)).getConsumer(instance, opts.topic ?? s.topics[0]!, opts.group ?? s.groups[0]!, opts.tag);
}

async function rejection(promise: Promise<unknown>): Promise<Error & { Code?: string; RequestId?: string; code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { Code?: string };
  }
  throw new Error('expected a rejection');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('publish and consume', () => {
  it('publishes with 201 and delivers every field as a string', async () => {
    const s = await sim();
    const props = new MQ.MessageProperties();
    props.putProperty('a', '1');
    props.messageKey('k1');
    const body = '  hello & <world> 中文 😀\n';
    const published = await clientOf(s).getProducer(s.instanceId, s.topics[0]!).publishMessage(body, 'TagA', props);
    expect(published.code).toBe(201);
    expect(published.body.MessageId).toMatch(/^[0-9A-F]{32}$/);
    expect(published.body.MessageBodyMD5).toBe(createHash('md5').update(body).digest('hex').toUpperCase());

    const res = await consumerOf(s).consumeMessage(16, 1);
    expect(res.code).toBe(200);
    expect(res.requestId).toMatch(/^[0-9A-F]{24}$/);
    const [m] = res.body;
    expect(m).toMatchObject({
      MessageId: published.body.MessageId,
      MessageBody: body,
      MessageTag: 'TagA',
      ConsumedTimes: '1',
      Properties: { a: '1' },
      MessageKey: 'k1',
    });
    for (const field of ['PublishTime', 'NextConsumeTime', 'FirstConsumeTime']) expect(typeof (m as unknown as Record<string, unknown>)[field]).toBe('string');
    expect(Number(m!.NextConsumeTime) - Number(m!.FirstConsumeTime)).toBe(300_000);
    expect(m!.ReceiptHandle.startsWith(`${m!.MessageId}-`)).toBe(true);
  });

  it('answers an empty short poll with 404 MessageNotExist, which the SDK throws', async () => {
    const s = await sim();
    const error = await rejection(consumerOf(s).consumeMessage(16));
    expect(error.Code).toBe('MessageNotExist');
    expect(error.RequestId).toMatch(/^[0-9A-F]{24}$/);
    expect(error.message).toContain('failed with 404');
    expect(s.counters.emptyPolls).toBe(1);
  });

  it('holds a long poll for waitseconds, and a publish wakes it', async () => {
    const s = await sim();
    const started = Date.now();
    expect((await rejection(consumerOf(s).consumeMessage(16, 1))).Code).toBe('MessageNotExist');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);

    const polling = consumerOf(s).consumeMessage(16, 10);
    await sleep(100);
    const published = s.publish('wake up');
    const res = await polling;
    expect(res.body.map((m) => m.MessageId)).toEqual([published.messageId]);
  });

  it('returns at most numOfMessages and accepts the other SDKs\u2019 query order and encodings', async () => {
    const s = await sim();
    for (let i = 0; i < 5; i++) s.publish(`m${i}`);
    expect((await consumerOf(s).consumeMessage(3)).body).toHaveLength(3);
    // Java order: numOfMessages, consumer, ns, … — signed over the raw target as sent.
    const client = clientOf(s);
    const res = await client.request('GET', `/topics/${s.topics[0]}/messages?numOfMessages=16&consumer=${s.groups[0]}&ns=${s.instanceId}`, 'Messages', '');
    expect(res.code).toBe(200);
    expect((res.body as { Message: unknown[] }).Message).toHaveLength(2);
  });

  it('delivers each message to every group (clustering per group)', async () => {
    const s = await sim({ groups: ['GID_a', 'GID_b'] });
    s.publish('fan-out');
    expect((await consumerOf(s, { group: 'GID_a' }).consumeMessage(16)).body).toHaveLength(1);
    expect((await consumerOf(s, { group: 'GID_b' }).consumeMessage(16)).body).toHaveLength(1);
  });

  it('filters by tag with ||, including percent-encoded tags', async () => {
    const s = await sim();
    s.publish('a', { tag: 'TagA' });
    s.publish('b', { tag: 'TagB' });
    s.publish('c', { tag: 'TagC' });
    s.publish('d', { tag: 'tag with space/中文' });
    const res = await consumerOf(s, { tag: 'TagA||TagB' }).consumeMessage(16);
    expect(res.body.map((m) => m.MessageBody).sort()).toEqual(['a', 'b']);
    expect(s.counters.filtered).toBe(2);

    const s2 = await sim();
    s2.publish('d', { tag: 'tag with space/中文' });
    s2.publish('x', { tag: 'other' });
    expect((await consumerOf(s2, { tag: 'tag with space/中文' }).consumeMessage(16)).body.map((m) => m.MessageBody)).toEqual(['d']);
  });

  it('holds timer messages until __STARTDELIVERTIME', async () => {
    const s = await sim();
    s.publish('later', { startDeliverTime: Date.now() + 300 });
    expect((await rejection(consumerOf(s).consumeMessage(16))).Code).toBe('MessageNotExist');
    const res = await consumerOf(s).consumeMessage(16, 3);
    expect(res.body[0]!.MessageBody).toBe('later');
    expect(res.body[0]!.StartDeliverTime).toBeGreaterThan(0);
  });

  it('accepts Go-style publish bodies (no namespace, escaped text) and properties with a trailing |', async () => {
    const s = await sim();
    const client = clientOf(s);
    const res = await client.request(
      'POST',
      `/topics/${s.topics[0]}/messages?ns=${s.instanceId}`,
      'Message',
      Buffer.from('<Message><MessageBody>a &amp; b</MessageBody><Properties>x:1|KEYS:k|</Properties></Message>'),
    );
    expect(res.code).toBe(201);
    const [m] = (await consumerOf(s).consumeMessage(1)).body;
    expect(m).toMatchObject({ MessageBody: 'a & b', Properties: { x: '1' }, MessageKey: 'k' });
  });

  it('rejects malformed and invalid publish bodies', async () => {
    const s = await sim();
    const client = clientOf(s);
    const path = `/topics/${s.topics[0]}/messages?ns=${s.instanceId}`;
    expect((await rejection(client.request('POST', path, 'Message', Buffer.from('<Message><MessageBody>a & b</MessageBody></Message>')))).Code).toBe(
      'MalformedXML',
    );
    expect((await rejection(client.request('POST', path, 'Message', Buffer.from('<Message><Body>x</Body></Message>')))).Code).toBe('InvalidArgument');
    expect(await rejection(client.getProducer(s.instanceId, s.topics[0]!).publishMessage(''))).toMatchObject({ Code: 'InvalidArgument' });
  });
});

describe('ack and redelivery', () => {
  it('acks with 204; a second ack of the same handle is refused (single use)', async () => {
    const s = await sim();
    s.publish('x');
    const consumer = consumerOf(s);
    const [m] = (await consumer.consumeMessage(16)).body;
    const ok = await consumer.ackMessage([m!.ReceiptHandle]);
    expect(ok).toMatchObject({ code: 204, body: undefined });
    const again = await consumer.ackMessage([m!.ReceiptHandle]);
    expect(again.code).toBe(404);
    expect(again.body).toEqual([
      { ErrorCode: 'ReceiptHandleError', ErrorMessage: 'The receipt handle you provide is not valid.', ReceiptHandle: m!.ReceiptHandle },
    ]);
    expect(s.control.drained()).toBe(true);
  });

  it('acks the valid handles of a request and lists only the bad ones (resolved, not thrown)', async () => {
    const s = await sim({ invisibilityMs: 100 });
    s.publish('x');
    s.publish('y');
    const consumer = consumerOf(s);
    const batch = (await consumer.consumeMessage(16)).body;
    const res = await consumer.ackMessage([batch[0]!.ReceiptHandle, 'adfadfadfadf', batch[1]!.ReceiptHandle, 'xxxxx']);
    expect(res.code).toBe(404);
    expect(res.body!.map((e) => [e.ErrorCode, e.ReceiptHandle])).toEqual([
      ['ReceiptHandleError', 'adfadfadfadf'],
      ['ReceiptHandleError', 'xxxxx'],
    ]);
    expect(s.counters.acked).toBe(2);
    await sleep(150);
    expect((await rejection(consumer.consumeMessage(16))).Code).toBe('MessageNotExist');
  });

  it('redelivers an unacked message after the invisibility time with a new handle and ConsumedTimes+1', async () => {
    const s = await sim({ invisibilityMs: 150 });
    s.publish('again');
    const consumer = consumerOf(s);
    const [first] = (await consumer.consumeMessage(16)).body;
    expect((await rejection(consumer.consumeMessage(16))).Code).toBe('MessageNotExist');
    const [second] = (await consumer.consumeMessage(16, 2)).body;
    expect(second!.MessageId).toBe(first!.MessageId);
    expect(second!.ReceiptHandle).not.toBe(first!.ReceiptHandle);
    expect(second!.ConsumedTimes).toBe('2');
    expect(second!.FirstConsumeTime).toBe(first!.FirstConsumeTime);
    const stale = await consumer.ackMessage([first!.ReceiptHandle]);
    expect(stale.body![0]!.ErrorCode).toBe('ReceiptHandleError');
    expect((await consumer.ackMessage([second!.ReceiptHandle])).code).toBe(204);
    expect(s.counters).toMatchObject({ delivered: 2, redelivered: 1, acked: 1 });
  });

  it('refuses an expired handle with MessageNotExist (an <Errors> item by default, an <Error> if configured)', async () => {
    const s = await sim({ invisibilityMs: 60 });
    s.publish('late');
    const consumer = consumerOf(s);
    const [m] = (await consumer.consumeMessage(16)).body;
    await sleep(100);
    const res = await consumer.ackMessage([m!.ReceiptHandle]);
    expect(res.code).toBe(404);
    expect(res.body![0]).toMatchObject({ ErrorCode: 'MessageNotExist', ReceiptHandle: m!.ReceiptHandle });

    const s2 = await sim({ invisibilityMs: 60, expiredAck: 'error' });
    s2.publish('late');
    const c2 = consumerOf(s2);
    const [m2] = (await c2.consumeMessage(16)).body;
    await sleep(100);
    expect((await rejection(c2.ackMessage([m2!.ReceiptHandle]))).Code).toBe('MessageNotExist');
  });

  it('rejects an empty or oversized ack and a handle from another group', async () => {
    const s = await sim({ groups: ['GID_a', 'GID_b'] });
    s.publish('x');
    const a = consumerOf(s, { group: 'GID_a' });
    expect((await rejection(a.ackMessage([]))).Code).toBe('MissingReceiptHandle');
    expect((await rejection(a.ackMessage(Array.from({ length: 17 }, (_, i) => `h${i}`)))).Code).toBe('InvalidArgument');
    const [m] = (await a.consumeMessage(16)).body;
    const foreign = await consumerOf(s, { group: 'GID_b' }).ackMessage([m!.ReceiptHandle]);
    expect(foreign.body![0]!.ErrorCode).toBe('ReceiptHandleError');
  });

  it('dead-letters a message after maxRetries redeliveries', async () => {
    const s = await sim({ invisibilityMs: 30, maxRetries: 1 });
    s.publish('poison');
    const consumer = consumerOf(s);
    expect((await consumer.consumeMessage(16)).body[0]!.ConsumedTimes).toBe('1');
    expect((await consumer.consumeMessage(16, 1)).body[0]!.ConsumedTimes).toBe('2');
    await sleep(50);
    expect((await rejection(consumer.consumeMessage(16))).Code).toBe('MessageNotExist');
    expect(s.counters.deadLettered).toBe(1);
  });
});

describe('authentication and validation', () => {
  it('rejects a wrong secret, an unknown AccessKey ID and a mangled endpoint', async () => {
    const s = await sim();
    s.publish('x');
    expect((await rejection(consumerOf(s, { client: clientOf(s, { accessKeySecret: 'wrong' }) }).consumeMessage(1))).Code).toBe('SignatureDoesNotMatch');
    expect((await rejection(consumerOf(s, { client: clientOf(s, { accessKeyId: 'LTAInobody' }) }).consumeMessage(1))).Code).toBe('InvalidAccessKeyId');
    // The SDK signs /topics/… but requests //topics/… or /prefix/topics/…
    expect((await rejection(consumerOf(s, { client: clientOf(s, { endpoint: `${s.endpoint}/` }) }).consumeMessage(1))).Code).toBe('SignatureDoesNotMatch');
    expect((await rejection(consumerOf(s, { client: clientOf(s, { endpoint: `${s.endpoint}/prefix` }) }).consumeMessage(1))).Code).toBe(
      'SignatureDoesNotMatch',
    );
    expect(s.counters.authFailures).toBe(4);
    expect(s.counters.delivered).toBe(0);
  });

  it('answers unknown topics, groups and instances with the spec\u2019s codes', async () => {
    const s = await sim();
    expect((await rejection(consumerOf(s, { topic: 'no_such_topic' }).consumeMessage(1))).Code).toBe('TopicNotExist');
    expect((await rejection(consumerOf(s, { group: 'GID_nobody' }).consumeMessage(1))).Code).toBe('SubscriptionNotExist');
    expect((await rejection(consumerOf(s, { instanceId: 'MQ_INST_other' }).consumeMessage(1))).Code).toBe('AccessDenied');
    expect((await rejection(consumerOf(s, { instanceId: undefined }).consumeMessage(1))).Code).toBe('AccessDenied');
    expect((await rejection(clientOf(s).getProducer(s.instanceId, 'no_such_topic').publishMessage('x'))).Code).toBe('TopicNotExist');

    const legacy = await sim({ instanceId: '' });
    legacy.publish('old instance');
    expect((await consumerOf(legacy, { instanceId: undefined }).consumeMessage(1)).body[0]!.MessageBody).toBe('old instance');
    expect((await rejection(consumerOf(legacy, { instanceId: 'MQ_INST_x' }).consumeMessage(1))).Code).toBe('AccessDenied');
  });

  it('validates numOfMessages, waitseconds, query items and unsupported modes', async () => {
    const s = await sim();
    const consumer = consumerOf(s);
    expect((await rejection(consumer.consumeMessage(17))).Code).toBe('InvalidArgument');
    expect((await rejection(consumer.consumeMessage(0))).Code).toBe('InvalidArgument');
    expect((await rejection(consumer.consumeMessage(16, 31))).Code).toBe('InvalidArgument');
    expect((await rejection(consumer.consumeMessageOrderly(16))).Code).toBe('InvalidArgument');
    const client = clientOf(s);
    const base = `/topics/${s.topics[0]}/messages?consumer=${s.groups[0]}&ns=${s.instanceId}`;
    expect((await rejection(client.request('GET', `${base}&numOfMessages=1&numOfMessages=2`, 'Messages', ''))).Code).toBe('InvalidQueryString');
    expect((await rejection(client.request('GET', `${base}&numOfMessages=1&foo=bar`, 'Messages', ''))).Code).toBe('InvalidQueryString');
    expect((await rejection(client.request('GET', `/topics/${s.topics[0]}/other?consumer=x`, 'Messages', ''))).Code).toBe('InvalidRequestURL');
  });

  it('checks Content-MD5 (accepting the SDK\u2019s base64-of-hex quirk), x-mq-version and the Date skew', async () => {
    const s = await sim();
    class TamperingClient extends MQ.MQClient {
      constructor(
        private readonly tamper: (headers: Record<string, string | number>) => void,
        endpoint: string,
      ) {
        super(endpoint, s.accessKeyId, s.accessKeySecret);
      }
      override buildHeaders(method: string, body: string | Buffer, resource: string) {
        const headers = super.buildHeaders(method, body, resource);
        this.tamper(headers);
        headers.authorization = `MQ ${s.accessKeyId}:${this.sign(method, headers, resource)}`;
        return headers;
      }
    }
    const wrongMd5 = new TamperingClient((h) => {
      if (h['content-md5']) h['content-md5'] = Buffer.from('0'.repeat(32)).toString('base64');
    }, s.endpoint);
    expect((await rejection(wrongMd5.getProducer(s.instanceId, s.topics[0]!).publishMessage('x'))).Code).toBe('InvalidDigest');
    const noVersion = new TamperingClient((h) => {
      delete h['x-mq-version'];
    }, s.endpoint);
    expect((await rejection(noVersion.getConsumer(s.instanceId, s.topics[0]!, s.groups[0]!).consumeMessage(1))).Code).toBe('InvalidArgument');
    // The official SDK itself (base64 of the hex string) is accepted:
    expect((await clientOf(s).getProducer(s.instanceId, s.topics[0]!).publishMessage('ok')).code).toBe(201);

    s.control.setClockOffsetMs(20 * 60_000);
    expect((await rejection(consumerOf(s).consumeMessage(1))).Code).toBe('TimeExpired');
  });
});

describe('fault modes, as the raw SDK sees them', () => {
  it('empty <Messages>, text/plain 5xx and malformed XML make the SDK throw without a Code', async () => {
    const s = await sim();
    const consumer = consumerOf(s);
    s.control.addFault({ kind: 'emptyMessages' });
    const empty = await rejection(consumer.consumeMessage(16));
    expect(empty).toBeInstanceOf(TypeError);
    expect(empty.message).toContain('forEach');
    s.control.addFault({ kind: 'http5xx', op: 'consume', status: 502 });
    expect(await rejection(consumer.consumeMessage(16))).toBeInstanceOf(TypeError);
    s.control.addFault({ kind: 'malformedXml', op: 'consume' });
    const malformed = await rejection(consumer.consumeMessage(16));
    expect(malformed.Code).toBeUndefined();
    expect(s.counters.faultsInjected).toBe(3);
  });

  it('resets, server errors and forced signature failures', async () => {
    const s = await sim();
    const consumer = consumerOf(s);
    s.control.addFault({ kind: 'reset' });
    const reset = await rejection(consumer.consumeMessage(16));
    expect(reset.Code).toBeUndefined();
    expect(reset.message).toMatch(/socket hang up|ECONNRESET/);
    s.control.addFault({ kind: 'internalError' });
    expect((await rejection(consumer.consumeMessage(16))).Code).toBe('InternalError');
    s.control.addFault({ kind: 'signatureMismatch' });
    expect((await rejection(consumer.consumeMessage(16))).Code).toBe('SignatureDoesNotMatch');
    s.control.addFault({ kind: 'latency', delayMs: 50 });
    expect((await rejection(consumer.consumeMessage(16))).Code).toBe('MessageNotExist');
  });

  it('resetOnReuse only hits a reused keep-alive socket', async () => {
    const s = await sim();
    const consumer = consumerOf(s);
    expect((await rejection(consumer.consumeMessage(1))).Code).toBe('MessageNotExist');
    s.control.addFault({ kind: 'resetOnReuse' });
    const error = await rejection(consumer.consumeMessage(1));
    expect(error.Code).toBeUndefined();
    expect(s.control.faults()).toEqual([]);
  });

  it('ack faults: text/plain 5xx resolves without a body, ackPartial refuses handles, slowAck outlives the 3 s timeout', async () => {
    const s = await sim();
    for (let i = 0; i < 3; i++) s.publish(`m${i}`);
    const consumer = consumerOf(s);
    const batch = (await consumer.consumeMessage(16)).body;
    s.control.addFault({ kind: 'http5xx', op: 'ack', status: 503 });
    expect(await consumer.ackMessage([batch[0]!.ReceiptHandle])).toMatchObject({ code: 503, body: undefined });
    s.control.addFault({ kind: 'ackPartial', count: 1 });
    const partial = await consumer.ackMessage([batch[0]!.ReceiptHandle, batch[1]!.ReceiptHandle]);
    expect(partial.code).toBe(404);
    expect(partial.body!.map((e) => e.ReceiptHandle)).toEqual([batch[0]!.ReceiptHandle]);
    s.control.addFault({ kind: 'slowAck', delayMs: 3_300 });
    const slow = await rejection(consumer.ackMessage([batch[2]!.ReceiptHandle]));
    expect(slow.name).toBe('RequestTimeoutError');
    expect(slow.message).toContain('ReadTimeout(3000)');
    // The server applied it anyway: the handle is spent.
    expect((await consumer.ackMessage([batch[2]!.ReceiptHandle])).body![0]!.ErrorCode).toBe('ReceiptHandleError');
    expect(s.counters.acked).toBe(2);
  });

  it('the SDK survives the server closing idle keep-alive sockets', async () => {
    const s = await sim({ keepAliveTimeoutMs: 30 });
    const consumer = consumerOf(s);
    for (let i = 0; i < 3; i++) {
      s.publish(`m${i}`);
      const [m] = (await consumer.consumeMessage(1)).body;
      await sleep(80);
      expect((await consumer.ackMessage([m!.ReceiptHandle])).code).toBe(204);
      s.control.closeIdleSockets();
    }
  });
});

describe('control API and body helpers', () => {
  it('publishes reports and replies over HTTP and reports state', async () => {
    const s = await sim({ bodyFormat: 'raw', tagStyle: 'short' });
    const post = (path: string, body: unknown, method = 'POST') =>
      fetch(`${s.endpoint}${path}`, { method, body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, unknown>>);
    const reply = await post('/__sim/reply', { fields: { content: 'TD', sender: '13800000000' } });
    expect(reply).toMatchObject({ tag: 'SmsUp', fields: { content: 'TD', sender: '13800000000' } });
    const reports = (await post('/__sim/send-report', {
      bizId: '1234^5678',
      phone: ['13800000001', '13800000002'],
      extendNum: ['01', '02'],
    })) as unknown as Array<{ fields: Record<string, string> }>;
    expect(reports.map((r) => [r.fields.receiver, r.fields.extend, r.fields.biz_id, r.fields.state])).toEqual([
      ['13800000001', '01', '1234^5678', '1'],
      ['13800000002', '02', '1234^5678', '1'],
    ]);
    await post('/__sim/faults', { kind: 'internalError', op: 'consume' });
    expect((await rejection(consumerOf(s).consumeMessage(16))).Code).toBe('InternalError');
    const res = await consumerOf(s).consumeMessage(16);
    expect(res.body).toHaveLength(3);
    expect(JSON.parse(res.body[0]!.MessageBody)).toMatchObject({ sender: '13800000000', content: 'TD' });
    const state = (await fetch(`${s.endpoint}/__sim/state`).then((r) => r.json())) as { counters: Record<string, number>; queues: Array<{ inflight: number }> };
    expect(state.counters).toMatchObject({ published: 3, delivered: 3, faultsInjected: 1 });
    expect(state.queues[0]!.inflight).toBe(3);
    expect((await fetch(`${s.endpoint}/__sim/nope`)).status).toBe(404);
  });

  it('builds TMC envelopes whose content is a JSON string (or an object) with a big-number id', async () => {
    const s = await sim();
    const report = s.publishReport({ receiver: '13900000000' });
    expect(report.tag).toBe('alibaba_aliqin_TaFcSmsDR');
    expect(report.body).toMatch(/^\{"id":\d{19},"topic":"alibaba_aliqin_TaFcSmsDR","content":"\{/);
    const envelope = JSON.parse(report.body) as { content: string };
    expect(JSON.parse(envelope.content)).toEqual(report.fields);
    expect(Object.values(report.fields).every((v) => typeof v === 'string')).toBe(true);
    const reply = s.publishReply({}, { format: 'tmc-object' });
    expect((JSON.parse(reply.body) as { content: unknown }).content).toEqual(reply.fields);
    expect(reply.fields.sms_seq).toMatch(/^\d{19}$/);
    const failed = (await sim({ deliveryOutcome: () => ({ state: '2', errCode: 'MK:0005' }) })).reportForSend({ bizId: '9^9', phone: '13700000000' });
    expect(failed[0]!.fields).toMatchObject({ state: '2', err_code: 'MK:0005' });
  });
});
