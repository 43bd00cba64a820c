import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log/logger';
import { redactText } from '../../../electron/core/log/redact';
import { tempDir } from '../../helpers/profile';

const APP_SECRET = 'a1b2c3d4e5f6app-secret';
const SESSION = '6102a17ZZZsessionkey000';
const AK_SECRET = 'LTAIakSecretValue987';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('redaction', () => {
  it.each([
    ['a plain secret value', `failed with ${APP_SECRET}`],
    ['a URL-encoded secret', `body=${encodeURIComponent('x' + SESSION + '/+')}`],
    ['form params', `method=x&session=${SESSION}&sign=ABCDEF0123&app_key=123`],
    ['JSON fields', `{"appSecret":"${APP_SECRET}","accessKeySecret":"${AK_SECRET}"}`],
    ['an MQ Authorization header', `Authorization: MQ LTAIid:c2lnbmF0dXJl`],
  ])('removes %s', (_label, text) => {
    const out = redactText(text, [APP_SECRET, SESSION, AK_SECRET, 'x' + SESSION + '/+']);
    for (const secret of [APP_SECRET, SESSION, AK_SECRET, 'ABCDEF0123', 'c2lnbmF0dXJl']) expect(out).not.toContain(secret);
    expect(out).toContain('***');
  });

  it('leaves ordinary text alone', () => {
    expect(redactText('模板 SMS_100001 已提交，状态 审核中', [APP_SECRET])).toBe('模板 SMS_100001 已提交，状态 审核中');
  });
});

describe('logger', () => {
  it('never writes a secret to the log file, whatever shape it arrives in', () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const file = join(t.dir, 'logs', 'main.log');
    const lines: string[] = [];
    const log = createLogger({ file, secrets: () => [APP_SECRET, SESSION, AK_SECRET], sink: (l) => lines.push(l) });
    log.info(`calling with session ${SESSION}`);
    log.error('request failed', {
      error: new Error(`Invalid signature for secret ${APP_SECRET}`),
      request: { params: { session: SESSION, app_key: '12345678' }, headers: { Authorization: 'MQ id:sig' } },
      nested: [{ deep: { text: `ak=${AK_SECRET}` } }],
      accessKeySecret: AK_SECRET,
    });
    log.child('top').warn('retry', { url: `https://gw/router/rest?sign=DEADBEEF&session=${SESSION}` });
    const written = readFileSync(file, 'utf8');
    expect(written.split('\n').filter(Boolean)).toHaveLength(3);
    for (const text of [written, ...lines]) {
      expect(text).not.toContain(APP_SECRET);
      expect(text).not.toContain(SESSION);
      expect(text).not.toContain(AK_SECRET);
      expect(text).not.toContain('DEADBEEF');
    }
    expect(written).toContain('"app_key":"12345678"');
    expect(written).toContain('"scope":"app.top"');
  });

  it('filters by level', () => {
    const lines: string[] = [];
    const log = createLogger({ secrets: () => [], sink: (l) => lines.push(l), level: 'warn' });
    log.info('hidden');
    log.warn('shown');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', msg: 'shown' });
  });
});
