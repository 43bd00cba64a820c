import { describe, expect, it } from 'vitest';
import { canMoveCampaign, canMoveChunk, chunkSizes, concurrencyFor, etaSeconds, taskSign } from '../../../electron/core/sending/plan';
import { classifySendFailure } from '../../../electron/core/sending/outcomes';
import { TopError } from '../../../electron/core/top/errors';
import { AppError } from '../../../shared/errors';

describe('chunking', () => {
  it.each([
    [0, true, []],
    [1, true, [1]],
    [200, true, [200]],
    [201, true, [200, 1]],
    [1000, true, [200, 200, 200, 200, 200]],
    [450, false, [200, 200]],
    [199, false, []],
  ])('%i numbers (final %s) → %j', (count, final, sizes) => {
    expect(chunkSizes(count, final)).toEqual(sizes);
  });

  it('never exceeds 200 and covers every number when final', () => {
    for (const n of [7, 399, 12_345]) {
      const sizes = chunkSizes(n, true);
      expect(sizes.every((s) => s > 0 && s <= 200)).toBe(true);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
    }
  });

  it('task_sign: stable per (campaign, round, chunk), distinct otherwise, ≤ 64 characters', () => {
    const created = '2026-12-01T07:00:00.000Z';
    expect(taskSign(12, created, 0, 3)).toBe(taskSign(12, created, 0, 3));
    const all = new Set([
      taskSign(12, created, 0, 3),
      taskSign(12, created, 1, 3),
      taskSign(12, created, 0, 4),
      taskSign(13, created, 0, 3),
      taskSign(12, '2026-12-02T07:00:00.000Z', 0, 3),
    ]);
    expect(all.size).toBe(5);
    expect(taskSign(Number.MAX_SAFE_INTEGER, created, 99_999, 99_999).length).toBeLessThanOrEqual(64);
  });
});

describe('concurrency sizing', () => {
  it('enough calls in flight for the QPS at the latency, capped', () => {
    expect(concurrencyFor(10, 500)).toBe(7);
    expect(concurrencyFor(10, 50)).toBe(3);
    expect(concurrencyFor(10, 0)).toBe(2);
    expect(concurrencyFor(5, 2000)).toBe(12);
    expect(concurrencyFor(1, 0, 1)).toBe(1);
    expect(concurrencyFor(100, 2000)).toBe(16);
    expect(concurrencyFor(100, 2000, 3)).toBe(3);
  });

  it('ETA from the observed pace, else from the QPS', () => {
    expect(etaSeconds(0, null, 10)).toBe(0);
    expect(etaSeconds(4000, null, 10)).toBe(2);
    expect(etaSeconds(4000, 100, 10)).toBe(40);
  });
});

describe('state machines', () => {
  it('chunks: in_flight only from prepared; unknown never back to prepared (never resent blindly)', () => {
    expect(canMoveChunk('prepared', 'in_flight')).toBe(true);
    expect(canMoveChunk('in_flight', 'prepared')).toBe(true);
    expect(canMoveChunk('unknown', 'prepared')).toBe(false);
    expect(canMoveChunk('unknown', 'in_flight')).toBe(false);
    expect(canMoveChunk('unknown', 'reconciled')).toBe(true);
    expect(canMoveChunk('accepted', 'in_flight')).toBe(false);
    expect(canMoveChunk('reconciled', 'prepared')).toBe(false);
  });

  it('campaigns: cancelled is final; missed waits for a decision', () => {
    expect(canMoveCampaign('cancelled', 'sending')).toBe(false);
    expect(canMoveCampaign('missed', 'sending')).toBe(true);
    expect(canMoveCampaign('missed', 'completed')).toBe(false);
    expect(canMoveCampaign('scheduled', 'missed')).toBe(true);
    expect(canMoveCampaign('draft', 'completed')).toBe(false);
  });
});

describe('what a failed batchsend means for the ledger', () => {
  const top = (init: Partial<ConstructorParameters<typeof TopError>[0]>) =>
    new TopError({ method: 'taobao.jst.sms.message.direct.batchsend', kind: 'platform', readOnly: false, ...init });
  it.each([
    ['reset after write', top({ kind: 'network', beforeSend: false, networkCode: 'ECONNRESET' }), 'unknown'],
    ['5xx', top({ kind: 'http', httpStatus: 502 }), 'unknown'],
    ['isp system error', top({ code: 15, sub_code: 'isp.SYSTEM_ERROR' }), 'unknown'],
    ['session', top({ code: 27, msg: 'Invalid session' }), 'pause:session'],
    ['permission', top({ code: 11, msg: 'Insufficient isv permissions' }), 'pause:permission'],
    ['ip allow-list', top({ code: 11, msg: 'Insufficient isv permissions', sub_code: 'isv.permission-ip-whitelist-limit' }), 'pause:permission'],
    ['balance', top({ code: 15, sub_code: 'isv.AMOUNT_NOT_ENOUGH' }), 'pause:balance'],
    ['out of service', top({ code: 15, sub_code: 'isv.OUT_OF_SERVICE' }), 'pause:balance'],
    ['template', top({ code: 15, sub_code: 'isv.SMS_TEMPLATE_ILLEGAL' }), 'pause:template'],
    ['signature', top({ code: 15, sub_code: 'isv.SMS_SIGNATURE_ILLEGAL' }), 'pause:signature'],
    ['ban', top({ code: 7, msg: 'App Call Limited', sub_msg: 'This ban will last for 40 more seconds' }), 'pause:throttled'],
    ['connection refused', top({ kind: 'network', beforeSend: true, networkCode: 'ECONNREFUSED' }), 'pause:network'],
    ['bad number', top({ code: 15, sub_code: 'isv.MOBILE_NUMBER_ILLEGAL' }), 'reject'],
    ['flow control', top({ code: 15, sub_code: 'isv.BUSINESS_LIMIT_CONTROL' }), 'reject'],
    ['keyword', top({ code: 15, sub_code: 'isv.BLACK_KEY_CONTROL_LIMIT' }), 'reject'],
    ['too long', top({ code: 15, sub_code: 'isv.PARAM_LENGTH_LIMIT' }), 'reject'],
    ['local validation', new AppError('BAD_REQUEST', '手机号格式不正确'), 'reject'],
  ])('%s → %s', (_name, error, expected) => {
    const f = classifySendFailure(error);
    expect(f.action === 'pause' ? `pause:${f.reason.code}` : f.action).toBe(expected);
    if (f.action === 'pause') expect(f.reason.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
