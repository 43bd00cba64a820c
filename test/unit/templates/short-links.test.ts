import { afterEach, describe, expect, it } from 'vitest';
import { gmt8ToIso } from '../../../electron/core/templates/short-links';
import { checkLongUrl, shortLinkExpiresAt, shortLinkExpiry } from '../../../shared/templates/short-links';
import { fakeModule } from './helpers';

let env: ReturnType<typeof fakeModule> | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('long URL rule (spec §2.5)', () => {
  it.each([
    ['https://item.taobao.com/item.htm?id=1', true, undefined],
    ['https://zhangsan.tmall.com/', true, undefined],
    ['http://detail.tmall.hk/x', true, undefined],
    ['https://www.jd.com/1.html', false, 'domain'],
    ['https://s.tb.cn/Y9.X8sU', false, 'short-link'],
    ['ftp://taobao.com/a', false, 'scheme'],
    ['taobao.com', false, 'not-a-link'],
    ['https://taobao.com.evil.cn/', false, 'domain'],
  ])('%s', (url, ok, problem) => {
    const result = checkLongUrl(url);
    expect(result.ok).toBe(ok);
    expect(result.problem).toBe(problem);
  });
});

describe('expiry', () => {
  it('2 calendar months, warns under 7 days, expired after', () => {
    expect(shortLinkExpiresAt(new Date('2025-01-31T00:00:00Z')).toISOString()).toBe('2025-03-31T00:00:00.000Z');
    const expires = '2025-05-01T02:00:00.000Z';
    expect(shortLinkExpiry(expires, Date.parse('2025-04-01T02:00:00Z'))).toEqual({ daysLeft: 30, expiry: 'ok' });
    expect(shortLinkExpiry(expires, Date.parse('2025-04-25T03:00:00Z'))).toEqual({ daysLeft: 5, expiry: 'soon' });
    expect(shortLinkExpiry(expires, Date.parse('2025-05-01T02:00:00Z')).expiry).toBe('expired');
  });

  it('reads the platform’s GMT+8 life_end', () => {
    expect(gmt8ToIso('2025-05-01 10:00:00')).toBe('2025-05-01T02:00:00.000Z');
    expect(gmt8ToIso('soon')).toBeNull();
  });
});

describe('short link service', () => {
  it('creates with the platform’s expiry, lists, filters expired, deletes locally', async () => {
    env = fakeModule();
    const link = await env.module.shortLinks.create({ url: 'https://item.taobao.com/item.htm?id=1', tag: '老客', batchNumber: '20250301', httpsPrefix: true });
    expect(link).toMatchObject({
      shortUrl: expect.stringMatching(/^https:\/\/s\.tb\.cn\//),
      expiresAt: '2025-05-01T02:00:00.000Z',
      expiry: 'ok',
      tag: '老客',
      batchNumber: '20250301',
    });
    expect(env.platform.calls).toEqual(['createShortUrl', 'queryShortUrl']);
    env.clock.now = Date.parse('2025-05-02T00:00:00Z');
    expect(env.module.shortLinks.list({ includeExpired: true })[0]!.expiry).toBe('expired');
    expect(env.module.shortLinks.list({ includeExpired: false })).toEqual([]);
    expect(env.module.shortLinks.delete(link.id)).toEqual({ deleted: true });
  });

  it('refuses a non-Taobao URL before calling the platform', async () => {
    env = fakeModule();
    await expect(env.module.shortLinks.create({ url: 'https://example.com/', tag: 'a', batchNumber: '1', httpsPrefix: true })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('淘宝/天猫'),
    });
    expect(env.platform.calls).toEqual([]);
  });
});
