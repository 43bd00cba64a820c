import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { columnName, writeXlsx } from '../../../electron/core/export/xlsx';

describe('XLSX writer', () => {
  it('writes a valid package: content types, workbook, one sheet with inline strings and numbers', () => {
    const bytes = writeXlsx([
      {
        name: '发送结果/1',
        rows: [
          ['手机号', '状态'],
          ['13900000001', '已送达'],
          [2, '<b>&"x"\u0001</b>'],
        ],
      },
    ]);
    const files = unzipSync(bytes);
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    expect(strFromU8(files['xl/workbook.xml']!)).toContain('name="发送结果 1"');
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t xml:space="preserve">13900000001</t></is></c>');
    expect(sheet).toContain('<c r="A3"><v>2</v></c>');
    expect(sheet).toContain('&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;');
    expect(sheet).not.toContain('\u0001');
  });

  it('names columns like Excel', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
