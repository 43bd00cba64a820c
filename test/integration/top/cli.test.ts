import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/index';
import { beijingDate } from '../../../shared/time/beijing';
import { profilePaths } from '../../../electron/core/profile';
import { Vault } from '../../../electron/core/vault/vault';
import { startTopGateway, type TopGateway } from '../../../electron/sim/top-gateway';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'jst-sms.mjs');

let gw: TopGateway;
let profile: string;
beforeAll(async () => {
  gw = await startTopGateway();
  gw.control.seedTemplate({ code: 'SMS_CLI', content: '${name}您好', status: 'approved' });
  gw.control.seedSignature({ name: '张三男装淘宝店', status: 'approved' });
  profile = mkdtempSync(join(tmpdir(), 'jst-top-cli-'));
});
afterAll(async () => {
  await gw.close();
  rmSync(profile, { recursive: true, force: true });
});

/** The same CLI in this process (fast): for the paths that do not need a real process. */
async function cliInProcess(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {
      JST_SMS_PROFILE: profile,
      JST_TOP_GATEWAY: gw.url,
      JST_TOP_APP_KEY: gw.credentials.appKey,
      JST_TOP_APP_SECRET: gw.credentials.appSecret,
      JST_TOP_SESSION: gw.credentials.session,
      ...env,
    },
  });
  return { code, stdout, stderr };
}

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: profile,
          JST_SMS_PROFILE: profile,
          JST_TOP_GATEWAY: gw.url,
          JST_TOP_APP_KEY: gw.credentials.appKey,
          JST_TOP_APP_SECRET: gw.credentials.appSecret,
          JST_TOP_SESSION: gw.credentials.session,
          ...env,
        },
        timeout: 20_000,
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('jst-sms top call (spawned) against the simulator', () => {
  it('round-trips a batchsend and a num.query, prints JSON, never prints secrets even with --verbose', async () => {
    const [send, bad] = await Promise.all([
      cli(
        [
          'top',
          'call',
          'taobao.jst.sms.message.direct.batchsend',
          '--param',
          'sign_name=张三男装淘宝店',
          '--param',
          'sms_template_code=SMS_CLI',
          '--json-param',
          'rec_num=["13300000001"]',
          '--json-param',
          'sms_content=[{"name":"张三"}]',
          '--param',
          'task_sign=cli-1',
          '--verbose',
        ],
        { JST_TOP_SIGN_METHOD: 'md5' },
      ),
      cli(['top', 'call', 'taobao.jst.sms.template.query', '--json-param', 'query_sms_template_request={"template_code":"SMS_CLI"}', '--verbose'], {
        JST_TOP_APP_SECRET: 'a-wrong-secret-value',
      }),
    ]);

    expect(send.code).toBe(0);
    const body = JSON.parse(send.stdout) as { module: string; request_id: string };
    expect(body.module).toMatch(/^\d+\^\d+$/);
    expect(gw.control.sends({ taskSign: 'cli-1' })).toHaveLength(1);
    expect(send.stderr).toContain('top call ok'); // --verbose logs to stderr
    for (const text of [send.stdout, send.stderr, bad.stdout, bad.stderr]) {
      expect(text).not.toContain(gw.credentials.appSecret);
      expect(text).not.toContain(gw.credentials.session);
      expect(text).not.toContain('a-wrong-secret-value');
    }

    expect(bad.code).toBe(1);
    const error = JSON.parse(bad.stdout) as { error: { code: number; category: string; message: string } };
    expect(error.error).toMatchObject({ code: 25, category: 'signature' });
    expect(error.error.message).toMatch(/App Secret/);

    const sentDay = beijingDate(gw.control.sends({ taskSign: 'cli-1' })[0]!.sentAt);
    const query = await cliInProcess([
      'top',
      'call',
      'alibaba.aliqin.ta.sms.num.query',
      '--param',
      'rec_num=13300000001',
      '--param',
      `query_date=${sentDay}`,
      '--param',
      'current_page=1',
      '--param',
      'page_size=10',
    ]);
    expect(query.code).toBe(0);
    const page = JSON.parse(query.stdout) as { total_count: number; values: Array<{ sms_content: string }> };
    expect(page.total_count).toBe(1);
    expect(page.values[0]!.sms_content).toBe('【张三男装淘宝店】张三您好');
  });

  it('takes credentials from the profile vault when the environment gives none', async () => {
    const vaultProfile = mkdtempSync(join(tmpdir(), 'jst-top-cli-vault-'));
    try {
      const vault = new Vault(profilePaths(vaultProfile).vault, { kind: 'passphrase', scrypt: { N: 1024, r: 8, p: 1 } });
      await vault.create('cli-passphrase-123');
      await vault.update({ 'top.appKey': gw.credentials.appKey, 'top.appSecret': gw.credentials.appSecret, 'top.session': gw.credentials.session });
      const result = await cliInProcess(
        ['top', 'call', 'taobao.jst.sms.signname.query', '--json-param', 'query_sms_sign_request={"sign_name":"张三男装淘宝店"}', '--verbose'],
        {
          JST_SMS_PROFILE: vaultProfile,
          JST_SMS_PASSPHRASE: 'cli-passphrase-123',
          JST_TOP_APP_KEY: '',
          JST_TOP_APP_SECRET: '',
          JST_TOP_SESSION: '',
        },
      );
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ r_success: true, module: { sign_name: '张三男装淘宝店', sign_status: 1 } });
      for (const text of [result.stdout, result.stderr]) {
        expect(text).not.toContain(gw.credentials.appSecret);
        expect(text).not.toContain(gw.credentials.session);
        expect(text).not.toContain('cli-passphrase-123');
      }
    } finally {
      rmSync(vaultProfile, { recursive: true, force: true });
    }
  });

  it("applies the typed methods' validation to known methods: 201 numbers to batchsend is a local error", async () => {
    const before = gw.counters.callsByMethod['taobao.jst.sms.message.direct.batchsend'] ?? 0;
    const phones = Array.from({ length: 201 }, (_, i) => `133${String(i).padStart(8, '0')}`);
    const tooMany = await cliInProcess([
      'top',
      'call',
      'taobao.jst.sms.message.direct.batchsend',
      '--param',
      'sign_name=张三男装淘宝店',
      '--param',
      'sms_template_code=SMS_CLI',
      '--json-param',
      `rec_num=${JSON.stringify(phones)}`,
      '--json-param',
      `sms_content=${JSON.stringify(phones.map(() => ({ name: '张三' })))}`,
    ]);
    expect(tooMany.code).toBe(1);
    expect(JSON.parse(tooMany.stderr)).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringContaining('一次最多 200 个号码') } });

    const badPhone = await cliInProcess([
      'top',
      'call',
      'taobao.jst.sms.message.direct.batchsend',
      '--param',
      'sign_name=张三男装淘宝店',
      '--param',
      'sms_template_code=SMS_CLI',
      '--param',
      'rec_num=12345',
    ]);
    expect(JSON.parse(badPhone.stderr)).toMatchObject({ error: { code: 'BAD_REQUEST', issues: [expect.objectContaining({ path: 'recipients.0.phone' })] } });
    const badQuery = await cliInProcess([
      'top',
      'call',
      'alibaba.aliqin.ta.sms.num.query',
      '--param',
      'rec_num=13300000001',
      '--param',
      'query_date=2026-01-01',
      '--param',
      'page_size=51',
    ]);
    expect(JSON.parse(badQuery.stderr)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(gw.counters.callsByMethod['taobao.jst.sms.message.direct.batchsend'] ?? 0).toBe(before);
  });

  it('prints usage and exits 2 on a bad command line', async () => {
    const usage = await cliInProcess(['top', 'call']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/Usage: jst-sms top call/);
  });

  it('without env credentials and a locked vault it explains what is missing', async () => {
    const result = await cliInProcess(['top', 'call', 'taobao.jst.sms.template.query'], { JST_TOP_APP_KEY: '', JST_TOP_APP_SECRET: '', JST_TOP_SESSION: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/NOT_CONFIGURED/);
    expect(result.stderr).toMatch(/JST_SMS_PASSPHRASE|JST_TOP_APP_KEY/);
  });
});
