import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../shared/sending/phone';
import { parseStoredText, storedText, type StoredTextKey } from '../../shared/stored-text';

describe('stored texts the app writes in Chinese are recognised, free text is not', () => {
  it('every builder round-trips to its key and pieces', () => {
    expect(parseStoredText(storedText.reportExclusion('no-such-number', ' MK:0001 '))).toEqual({ key: 'reportNoSuchNumber', values: { code: 'MK:0001' } });
    expect(parseStoredText(storedText.reportExclusion('blocked', 'DB:0141'))).toEqual({ key: 'reportBlocked', values: { code: 'DB:0141' } });
    expect(parseStoredText(storedText.replyOptOut('退订，谢谢'))).toEqual({ key: 'replyOptOut', values: { text: '退订，谢谢' } });
    expect(parseStoredText(storedText.replyOptOutConfirmed('别发了'))).toEqual({ key: 'replyOptOutConfirmed', values: { text: '别发了' } });
    expect(parseStoredText(storedText.inboxBlock())).toEqual({ key: 'inboxBlock', values: {} });
    expect(parseStoredText(storedText.imported(null))).toEqual({ key: 'imported', values: {} });
    expect(parseStoredText(storedText.imported('黑名单.xlsx'))).toEqual({ key: 'importedFrom', values: { file: '黑名单.xlsx' } });
    expect(parseStoredText(storedText.duplicateOfRow(12))).toEqual({ key: 'duplicateOfRow', values: { row: '12' } });
    expect(parseStoredText(storedText.skippedOnList())).toEqual({ key: 'skippedOnList', values: {} });
    expect(parseStoredText(storedText.cancelled())).toEqual({ key: 'cancelled', values: {} });
    expect(parseStoredText(storedText.buyerSkippedOnList())).toEqual({ key: 'buyerSkippedOnList', values: {} });
    // A do-not-send reason carries the entry's note, which is itself a stored text or the seller's words.
    expect(parseStoredText(storedText.onList('block', storedText.inboxBlock()))).toEqual({ key: 'onListBlock', values: {}, note: '收件箱拉黑' });
    expect(parseStoredText(storedText.onList('optout', ''))).toEqual({ key: 'onListOptOut', values: {} });
    expect(parseStoredText(storedText.onList('block', '客户电话（投诉）要求'))).toMatchObject({ key: 'onListBlock', note: '客户电话（投诉）要求' });
  });

  it('every reason normalizePhone gives is recognised', () => {
    const inputs = [
      '',
      '138****8000',
      '13800138000 13900139000',
      'abc',
      '138-0013#8000',
      '1'.repeat(300),
      '1.38001E+10',
      '4008123123',
      '01088886666',
      '1380013',
      '138001380001',
      '12345678901',
      '+85291234567',
      '+99912345678',
    ];
    const seen = new Set<StoredTextKey>();
    for (const raw of inputs) {
      const result = normalizePhone(raw);
      expect(result.ok, raw).toBe(false);
      if (result.ok) continue;
      const parsed = parseStoredText(result.reason);
      expect(parsed, `${raw} → ${result.reason}`).not.toBeNull();
      seen.add(parsed!.key);
    }
    expect(seen.size).toBeGreaterThanOrEqual(10);
  });

  it('leaves what a seller typed alone, including text that only looks similar', () => {
    for (const text of ['电话投诉，别再发', '导入', '回执：空号', 'constructor', '收件箱拉黑了两次']) {
      if (text === '导入') continue; // the app's own note for an import without a file name
      expect(parseStoredText(text), text).toBeNull();
    }
    expect(parseStoredText('')).toBeNull();
  });
});
