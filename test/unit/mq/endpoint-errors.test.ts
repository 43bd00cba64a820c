import { describe, expect, it } from 'vitest';
import { normaliseEndpoint } from '../../../electron/core/mq/endpoint';
import { describeMqError, isMessageNotExist } from '../../../electron/core/mq/errors';
import { backoffDelay } from '../../../electron/core/mq/poller';

describe('normaliseEndpoint', () => {
  it('keeps a bare endpoint and drops what would break the signature', () => {
    expect(normaliseEndpoint('http://1234567890123456.mqrest.cn-hangzhou.aliyuncs.com')).toEqual({
      endpoint: 'http://1234567890123456.mqrest.cn-hangzhou.aliyuncs.com',
      dropped: '',
    });
    expect(normaliseEndpoint(' http://127.0.0.1:9876/ ')).toEqual({ endpoint: 'http://127.0.0.1:9876', dropped: '/' });
    expect(normaliseEndpoint('https://h.example.com/prefix/x?y=1#z')).toEqual({ endpoint: 'https://h.example.com', dropped: '/prefix/x?y=1#z' });
    expect(normaliseEndpoint('1.mqrest.cn-beijing.aliyuncs.com').endpoint).toBe('http://1.mqrest.cn-beijing.aliyuncs.com');
    expect(normaliseEndpoint('HTTP://H.example.com:80/').endpoint).toBe('http://h.example.com');
  });

  it('rejects empty, non-http and credential-bearing endpoints in Chinese', () => {
    expect(() => normaliseEndpoint('  ')).toThrow(/未填写/);
    expect(() => normaliseEndpoint('ftp://x')).toThrow(/http/);
    expect(() => normaliseEndpoint('http://user:pw@h')).toThrow(/用户名/);
    expect(() => normaliseEndpoint('http://[bad')).toThrow(/不是有效/);
  });
});

describe('describeMqError', () => {
  const server = (code: string, status = 403) =>
    Object.assign(new Error(`GET http://h/topics/t/messages?consumer=g failed with ${status}. RequestId: R, ErrorCode: ${code}, ErrorMsg: x`), {
      Code: code,
      RequestId: 'R',
    });

  it('guards MessageNotExist against errors without Code', () => {
    expect(isMessageNotExist(server('MessageNotExist', 404))).toBe(true);
    expect(isMessageNotExist(new Error('socket hang up'))).toBe(false);
    expect(isMessageNotExist(undefined)).toBe(false);
    expect(isMessageNotExist('MessageNotExist')).toBe(false);
  });

  it.each([
    ['SignatureDoesNotMatch', 'signature', false],
    ['InvalidAccessKeyId', 'accessKey', false],
    ['AccessDenied', 'permission', false],
    ['TopicNotExist', 'topic', false],
    ['SubscriptionNotExist', 'group', false],
    ['TimeExpired', 'clock', false],
    ['InternalError', 'server', true],
    ['QpsLimitExceeded', 'throttled', true],
    ['InvalidArgument', 'argument', false],
  ])('maps server code %s to %s', (code, category, transient) => {
    const info = describeMqError(server(code));
    expect(info).toMatchObject({ category, transient, code, requestId: 'R' });
    expect(info.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('maps an unknown 5xx server code to a transient server error', () => {
    expect(describeMqError(server('Whatever', 503))).toMatchObject({ category: 'server', transient: true });
  });

  it('maps transport and protocol errors', () => {
    expect(
      describeMqError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1GET http://127.0.0.1:1/topics failed.'), { code: 'ECONNREFUSED' })),
    ).toMatchObject({ category: 'network', code: 'ECONNREFUSED' });
    expect(describeMqError(Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' })).message).toContain('域名');
    expect(describeMqError(Object.assign(new Error('socket hang upGET http://h failed.'), { code: 'ECONNRESET' }))).toMatchObject({
      category: 'network',
      transient: true,
    });
    expect(describeMqError(Object.assign(new Error('ReadTimeout(3000). DELETE http://h failed.'), { name: 'RequestTimeoutError' }))).toMatchObject({
      category: 'timeout',
    });
    expect(describeMqError(new TypeError("Cannot read properties of undefined (reading 'forEach')"))).toMatchObject({
      category: 'protocol',
      code: 'TypeError',
    });
    expect(describeMqError(new Error('Invalid character in entity name\nLine: 0'))).toMatchObject({ category: 'protocol', code: 'MalformedXML' });
    expect(describeMqError('weird')).toMatchObject({ category: 'network', transient: true });
  });
});

describe('backoffDelay', () => {
  it('doubles per failure with equal jitter and caps at the maximum', () => {
    expect(backoffDelay(1, 1000, 30_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 30_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000, () => 0.5)).toBe(3000);
    expect(backoffDelay(20, 1000, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(20, 1000, 30_000, () => 0)).toBe(15_000);
  });
});
