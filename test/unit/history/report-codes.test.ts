import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explainErrCode, REPORT_CODES } from '../../../shared/history/report-codes';

// The code column of the research tables the explanations come from (report-codes.md), copied into the repository.
const SPEC = readFileSync(fileURLToPath(new URL('../../fixtures/history/report-code-rows.md', import.meta.url)), 'utf8');

describe('err_code explanations', () => {
  it('explains listed codes exactly, with advice and source; the raw code is kept as received', () => {
    expect(explainErrCode(' MK:0005 ')).toMatchObject({ code: 'MK:0005', match: 'exact', kind: 'check', tags: expect.stringContaining('CONFLICT') });
    expect(explainErrCode('delivrd')).toMatchObject({ match: 'exact', kind: 'delivered', advice: '已送达' });
    expect(explainErrCode('MOBLLE_TERMINAL_ERROR').meaning).toBe(explainErrCode('MOBILE_TERMINAL_ERROR').meaning);
    expect(explainErrCode('MX:0012')).toMatchObject({ kind: 'suppress', source: expect.stringContaining('382/3771') });
    expect(explainErrCode('000')).toMatchObject({ match: 'exact', kind: 'delivered' });
  });

  it('falls back to the prefix family (a hint, no advice) and shows unknown codes verbatim without guessing', () => {
    expect(explainErrCode('MK:9999')).toMatchObject({ match: 'family', advice: null, meaning: expect.stringContaining('手机号码问题') });
    expect(explainErrCode('DB:0001').match).toBe('family');
    expect(explainErrCode('XYZ:42')).toEqual({ code: 'XYZ:42', match: 'none', meaning: null, advice: null, source: null, tags: null, kind: null });
    expect(explainErrCode('').match).toBe('none');
  });

  it('every code in the table appears in the research rows (report-codes.md), and every row has a meaning, advice and source', () => {
    for (const row of REPORT_CODES) {
      expect(row.meaning.length, row.codes.join()).toBeGreaterThan(1);
      expect(row.advice.length, row.codes.join()).toBeGreaterThan(1);
      expect(row.source.length, row.codes.join()).toBeGreaterThan(5);
      for (const code of row.codes) expect(SPEC.includes(code) || SPEC.includes(code.replace(/^VALVE:/, '')), code).toBe(true); // the spec writes "VALVE:M (also VALVE:M_MC / H_MC / D_MC)"
    }
    const all = REPORT_CODES.flatMap((r) => r.codes);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(100);
  });
});
