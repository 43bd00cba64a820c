import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/app-core';
import type { ReplyReceivedEvent } from '../../../shared/messages/contract';
import { testCore } from '../../helpers/profile';
import { startMqSimulator, type MqSimulator } from '../../../electron/sim/mq-http';
import { DEMO_CREDENTIALS, startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';
import { NOTICE } from '../templates/helpers';

// Every secret, echoed back by the simulators (a TOP error's sub_msg, an MQ message body), must reach the renderer
// only as ***: in results, error details, stored-then-listed fields and pushed events.

let gw: TopGateway;
let mq: MqSimulator;
let core: Core;
let cleanup: () => Promise<void>;
const events: Array<{ name: string; payload: unknown }> = [];

beforeAll(async () => {
  gw = await startTopGateway();
  mq = await startMqSimulator();
  ({ core, cleanup } = await testCore({ passphrase: 'echo-passphrase' }));
  core.events.subscribe((name, payload) => events.push({ name, payload }));
  expect((await core.dispatch('settings.saveTop', { ...DEMO_CREDENTIALS, gatewayUrl: gw.url, signMethod: 'hmac' })).ok).toBe(true);
  const saveMq = await core.dispatch('settings.saveMq', {
    endpoint: mq.endpoint,
    accessKeyId: mq.accessKeyId,
    accessKeySecret: mq.accessKeySecret,
    instanceId: mq.instanceId,
    topics: mq.topics,
    groupId: mq.groups[0]!,
    messageTag: '',
  });
  expect(saveMq.ok).toBe(true);
});
afterAll(async () => {
  await cleanup();
  await gw.close();
  await mq.close();
});

const secrets = () => ({
  appKey: DEMO_CREDENTIALS.appKey,
  appSecret: DEMO_CREDENTIALS.appSecret,
  session: DEMO_CREDENTIALS.session,
  accessKeyId: mq.accessKeyId,
  accessKeySecret: mq.accessKeySecret,
});
const names = ['appKey', 'appSecret', 'session', 'accessKeyId', 'accessKeySecret'] as const;

function expectClean(what: string, value: unknown) {
  const text = JSON.stringify(value);
  for (const [name, secret] of Object.entries(secrets())) {
    const at = text.indexOf(secret);
    expect(at, `${name} leaked in ${what}: …${text.slice(Math.max(0, at - 80), at + 40)}`).toBe(-1);
  }
}

describe('secrets echoed back by the simulators are redacted in everything that leaves main', () => {
  it.each(names)('TOP sub_msg echoing the %s: connection test result and error details', async (name) => {
    const secret = secrets()[name];
    gw.control.inject(
      'taobao.jst.sms.signname.query',
      { kind: 'error', code: 15, msg: 'Remote service error', subCode: 'isv.probe-echo', subMsg: `echo ${secret} end` },
      { times: 1 },
    );
    const test = await core.dispatch('setup.testTop', {});
    expect(JSON.stringify(test)).toContain('echo *** end');
    expectClean('setup.testTop', test);

    gw.control.inject(
      'taobao.jst.sms.template.create',
      { kind: 'error', code: 15, msg: 'Remote service error', subCode: 'isv.template-echo', subMsg: `echo ${secret} end` },
      { times: 1 },
    );
    const draft = await core.dispatch('templates.save', NOTICE);
    if (!draft.ok) throw new Error(draft.error.message);
    const submit = await core.dispatch('templates.submit', { id: (draft.result as { id: number }).id });
    expect(JSON.stringify(submit)).toContain('echo *** end');
    expectClean('templates.submit', submit);
    expectClean('templates.list (stored lastError)', await core.dispatch('templates.list', {}));
  });

  it.each(names)('an MQ reply echoing the %s: reply.received event and the replies list', async (name) => {
    const secret = secrets()[name];
    const published = mq.publishReply({ content: `echo ${secret} end` });
    const deadline = Date.now() + 8_000;
    let event: ReplyReceivedEvent | undefined;
    while (!event && Date.now() < deadline) {
      event = events.find((e) => e.name === 'reply.received' && (e.payload as ReplyReceivedEvent).reply.smsSeq === published.fields.sms_seq)?.payload as
        ReplyReceivedEvent | undefined;
      if (!event) await new Promise((r) => setTimeout(r, 50));
    }
    expect(event?.reply.content).toBe('echo *** end');
    expectClean('reply.received', event);
    expectClean('messages.replies.list', await core.dispatch('messages.replies.list', {}));
  });

  it('no pushed event carried a secret, whatever a feature put in it (templates.changed with a lastError)', () => {
    core.ctx.events.emit('templates.changed', { cause: 'sent', template: { id: 1, lastError: `网关返回：${secrets().accessKeySecret}` } } as never);
    const last = events.at(-1)!;
    expect(last.name).toBe('templates.changed');
    expect(JSON.stringify(last.payload)).toContain('网关返回：***');
    expect(events.length).toBeGreaterThan(5);
    expectClean('events', events);
  });
});
