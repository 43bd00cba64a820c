import { describe, expect, it } from 'vitest';
import { CONNECT_TIMEOUT_CODE, toTransportFailure } from '../../../electron/core/top/transport';

const err = (code: string) => Object.assign(new Error(code), { code });

describe('transport failure classification', () => {
  it.each([
    ['ECONNREFUSED', 'network', true],
    ['ENOTFOUND', 'network', true],
    ['EAI_AGAIN', 'network', true],
    ['CERT_HAS_EXPIRED', 'network', true],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'network', true],
    [CONNECT_TIMEOUT_CODE, 'timeout', true],
    ['ECONNABORTED', 'timeout', false],
    ['ETIMEDOUT', 'timeout', false],
    ['ECONNRESET', 'network', false],
    ['EPIPE', 'network', false],
    ['ERR_BAD_RESPONSE', 'network', false],
  ] as const)('%s → %s, before send: %s', (code, kind, beforeSend) => {
    expect(toTransportFailure(err(code))).toMatchObject({ kind, networkCode: code, beforeSend });
  });

  it('looks into wrapped causes and dual-stack AggregateErrors', () => {
    const aggregate = Object.assign(new AggregateError([err('ECONNREFUSED'), err('ECONNREFUSED')], ''), {});
    expect(toTransportFailure(aggregate)).toMatchObject({ networkCode: 'ECONNREFUSED', beforeSend: true });
    const wrapped = Object.assign(new Error('axios'), { code: 'ERR_NETWORK', cause: err('ENOTFOUND') });
    expect(toTransportFailure(wrapped)).toMatchObject({ networkCode: 'ENOTFOUND', beforeSend: true });
    expect(toTransportFailure('weird')).toMatchObject({ networkCode: 'UNKNOWN', beforeSend: false });
  });
});
