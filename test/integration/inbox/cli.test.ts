import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/index';
import { startMqSimulator } from '../../../electron/sim/mq-http';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env });
  return { code, stdout, stderr };
}

describe('jst-sms inbox', () => {
  it('lists the threads `mq poll` ingested (number, unread, last message), --unread and --json; reply text cannot drive the terminal', async () => {
    const sim = await startMqSimulator();
    const profile = mkdtempSync(join(tmpdir(), 'jst-inbox-cli-'));
    cleanups.push(
      () => sim.close(),
      () => rmSync(profile, { recursive: true, force: true }),
    );
    const env = {
      JST_SMS_PROFILE: profile,
      JST_MQ_ENDPOINT: sim.endpoint,
      JST_MQ_INSTANCE_ID: sim.instanceId,
      JST_MQ_TOPIC: sim.topics.join(','),
      JST_MQ_GROUP_ID: sim.groups[0],
      JST_MQ_ACCESS_KEY_ID: sim.accessKeyId,
      JST_MQ_ACCESS_KEY_SECRET: sim.accessKeySecret,
    };
    sim.publishReply({ sender: '13800000001', content: '好的\u001b[31m红色\u0007', sms_seq: 'c1' });
    sim.publishReply({ sender: '13800000002', content: 'TD', sms_seq: 'c2' });
    expect((await cli(['mq', 'poll', '--once'], env)).code).toBe(0);

    const json = await cli(['inbox', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const threads = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(threads.map((t) => [t.phone, t.unread, t.blocked])).toEqual(
      expect.arrayContaining([
        ['13800000001', 1, false],
        ['13800000002', 1, true], // certain opt-out → suppression, also from the CLI poller
      ]),
    );
    expect(Object.keys(threads[0]!).sort()).toEqual(['blocked', 'lastAt', 'lastKind', 'lastText', 'likelyOptOut', 'phone', 'replies', 'sent', 'unread']);

    const human = await cli(['inbox', '--unread'], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('13800000001');
    expect(human.stdout).toContain('[退订]');
    expect(human.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(human.stdout).toContain('共 2 个会话，2 条未读回复');
    expect((await cli(['inbox', '--bogus'], env)).code).toBe(2);
  });
});
