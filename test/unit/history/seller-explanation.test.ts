import { describe, expect, it } from 'vitest';
import { REPORT_CODES, sellerExplanation } from '../../../shared/history/report-codes';

// Issue 16: sellers see one plain meaning and one action per code; sources, vendor disagreements and research
// wording stay in code and docs.
describe('what a seller reads for a delivery code', () => {
  it('a listed code: its advice (meaning and action), never a source, a vendor name or a hedge', () => {
    expect(sellerExplanation('MK:0005')).toEqual({ text: '对方号码停机或短信功能受限。若号码正常，请对方联系运营商确认短信功能已开通', inferred: false });
    for (const row of REPORT_CODES) {
      const shown = sellerExplanation(row.codes[0])!.text;
      expect(shown, row.codes[0]).not.toMatch(/说法不一|华为|阿里云|腾讯|来源|cloud\.|support\.|cnblogs|https?:/);
    }
  });

  it('a code known only by its prefix says it is inferred; an unlisted code has no text (shown verbatim)', () => {
    expect(sellerExplanation('MK:9999')).toMatchObject({ inferred: true, text: expect.stringContaining('手机号码问题') });
    expect(sellerExplanation('XYZ:42')).toBeNull();
    expect(sellerExplanation('')).toBeNull();
  });
});

describe('codes that say not to send again', () => {
  it('blacklists and complaints (suppress) and 空号 are left out of 重发失败号码; temporary failures are not', async () => {
    const { doNotResendReason } = await import('../../../shared/history/report-codes');
    expect(doNotResendReason('DB:0141')).toBe('blocked');
    expect(doNotResendReason('USER_REJECT')).toBe('blocked');
    expect(doNotResendReason('mk:0001')).toBe('no-such-number');
    expect(doNotResendReason('MK:0010')).toBeNull();
    expect(doNotResendReason('MK:0005')).toBeNull();
    expect(doNotResendReason('MK:9999')).toBeNull();
    expect(doNotResendReason(null)).toBeNull();
  });
});
