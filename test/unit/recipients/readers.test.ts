import { describe, expect, it } from 'vitest';
import { CsvParser, detectDelimiter, detectListOrTable } from '../../../electron/core/recipients/csv';
import { formatNumber } from '../../../electron/core/recipients/xlsx-cells';
import { buildXlsx, encode, writeFixture } from './fixtures';
import { inspect, readAll, useTempDir } from './helpers';

const { dir, ctx } = useTempDir();
const file = (name: string, data: string | Uint8Array) => ({ kind: 'file' as const, path: writeFixture(dir, name, data) });

function parseCsv(text: string, delimiter = ',', chunkSize = text.length || 1): string[][] {
  const rows: string[][] = [];
  const parser = new CsvParser(delimiter, (r) => rows.push(r));
  for (let i = 0; i < text.length; i += chunkSize) parser.push(text.slice(i, i + chunkSize));
  parser.end();
  return rows;
}

describe('CSV parser (RFC 4180)', () => {
  const doc = 'phone,name,note\r\n13800138000,"张,三","He said ""hi""\nsecond line"\r\n"13900139000",李四,\n13700137000,王五,"x"';
  const expected = [
    ['phone', 'name', 'note'],
    ['13800138000', '张,三', 'He said "hi"\nsecond line'],
    ['13900139000', '李四', ''],
    ['13700137000', '王五', 'x'],
  ];
  it('handles quotes, escaped quotes, embedded newlines, CRLF and LF', () => {
    expect(parseCsv(doc)).toEqual(expected);
  });
  it.each([1, 2, 3, 7, 13])('gives the same rows when fed in %i-character chunks', (size) => {
    expect(parseCsv(doc, ',', size)).toEqual(expected);
  });
  it('handles CR-only line ends and a trailing newline', () => {
    expect(parseCsv('a,b\rc,d\r')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
  it('keeps a stray quote inside an unquoted field literally', () => {
    expect(parseCsv('张"三,1')).toEqual([['张"三', '1']]);
  });
  it('refuses an unclosed quote with the line number', () => {
    expect(() => parseCsv('a,b\n"13800138000,x\n')).toThrow(/第 2 行的引号没有闭合/);
  });
  it('detects , ; and tab delimiters', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n').delimiter).toBe(',');
    expect(detectDelimiter('a;b;c\n1;2,5;3\n4;5;6').delimiter).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2\n').delimiter).toBe('\t');
    expect(detectDelimiter('"x,y";b;c\n1;2;3').delimiter).toBe(';');
    expect(detectDelimiter('13800138000\n13900139000').columns).toBe(1);
  });
  it('tells a list from a table in TXT and pastes', () => {
    expect(detectListOrTable('13800138000\t张三\n13900139000\t李四')).toEqual({ mode: 'table', delimiter: '\t' });
    expect(detectListOrTable('13800138000,13900139000,13700137000')).toEqual({ mode: 'list' });
    expect(detectListOrTable('13800138000\n13900139000')).toEqual({ mode: 'list' });
  });
});

describe('CSV and TXT files', () => {
  it('reads a semicolon CSV with a header and detects it', async () => {
    const src = file('semi.csv', 'Telefon;name\n13800138000;张三\n13900139000;李四\n');
    const info = await inspect(ctx, src, { templateVariables: ['name'] });
    expect(info).toMatchObject({ format: 'csv', encoding: 'utf-8', hasHeader: true, phoneColumn: 0, suggestedVariables: { name: 1 }, rowsEstimate: 2 });
    expect(info.columns.map((c) => c.header)).toEqual(['Telefon', 'name']);
    expect(info.preview).toEqual([
      ['13800138000', '张三'],
      ['13900139000', '李四'],
    ]);
  });
  it('honours Excel’s sep= line', async () => {
    const { rows } = await readAll(ctx, file('sep.csv', 'sep=|\na|b\n1|2\n'));
    expect(rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
  it('reads a TXT list with mixed separators, one number per row', async () => {
    const { opened, rows } = await readAll(ctx, file('list.txt', '13800138000,13900139000、13700137000\n+86 136 0013 6000\n'));
    expect(opened.format).toBe('txt');
    expect(rows).toEqual([['13800138000'], ['13900139000'], ['13700137000'], ['+86 136 0013 6000']]);
  });
  it('reads a tab-separated TXT as a table', async () => {
    const { rows } = await readAll(ctx, file('tab.txt', '13800138000\t张三\n13900139000\t李四\n'));
    expect(rows).toEqual([
      ['13800138000', '张三'],
      ['13900139000', '李四'],
    ]);
  });
  it('streams a file bigger than one read chunk with the same rows', async () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => `${13800000000 + i},"名字 ${i}"`);
    const { rows } = await readAll(ctx, file('big.csv', lines.join('\n')));
    expect(rows).toHaveLength(60_000);
    expect(rows[59_999]).toEqual(['13800059999', '名字 59999']);
  });
});

describe('encodings', () => {
  const text = '手机号,姓名\n13800138000,张三\n13900139000,李四·欧阳\n';
  const rows = [
    ['手机号', '姓名'],
    ['13800138000', '张三'],
    ['13900139000', '李四·欧阳'],
  ];
  it.each([
    ['utf-8', 'utf-8'],
    ['utf-8-bom', 'utf-8-bom'],
    ['gbk', 'gb18030'],
    ['gb18030', 'gb18030'],
    ['utf-16le-bom', 'utf-16le'],
    ['utf-16be-bom', 'utf-16be'],
  ] as const)('%s is detected as %s and decoded', async (enc, detected) => {
    const src = file(`enc-${enc}.csv`, encode(text, enc));
    const info = await inspect(ctx, src);
    expect(info.encoding).toBe(detected);
    expect(info.columns.map((c) => c.header)).toEqual(['手机号', '姓名']);
    const all = await readAll(ctx, src);
    expect(all.rows).toEqual(rows);
    expect(all.opened.encoding).toBe(detected);
  });
  it('detects GBK that appears only after the first 64 KB (whole-file check)', async () => {
    const ascii = Array.from({ length: 8_000 }, (_, i) => `${13800000000 + i},x`).join('\n');
    const data = Buffer.concat([Buffer.from(ascii + '\n'), encode('13900139000,张三\n', 'gbk')]);
    const { rows, opened } = await readAll(ctx, file('late-gbk.csv', data));
    expect(opened.encoding).toBe('gb18030');
    expect(rows.at(-1)).toEqual(['13900139000', '张三']);
  });
  it('warns before import which lines of a mixed UTF-8/GBK file come out garbled, and says nothing for a clean file', async () => {
    // GBK file (Excel on Chinese Windows) with two lines pasted in from a UTF-8 source: read as GB18030, 张三 → 寮犱笁.
    const lines = ['手机号,姓名', '13800138000,李四', '13900139000,张三', '13700137000,王五·欧阳', '13600136000,赵六', '13500135000,钱七'];
    const data = Buffer.concat(lines.map((l, i) => encode(l + '\n', i === 2 || i === 4 ? 'utf-8' : 'gbk')));
    const info = await inspect(ctx, file('mixed.csv', data));
    expect(info.encoding).toBe('gb18030');
    expect(info.encodingWarning).toEqual({ kind: 'mixed', lines: [3, 5], count: 2, message: expect.stringContaining('第 3、5 行（共 2 行）') });
    expect(info.encodingWarning!.message).toMatch(/UTF-8 和 GBK/);
    // What the warning is about: those rows really are garbled under the file's encoding.
    const { rows } = await readAll(ctx, file('mixed.csv', data));
    expect(rows[2]![1]).toBe('寮犱笁');
    expect(rows[1]![1]).toBe('李四');

    // Mostly UTF-8 with one GBK line late in a big file: the file is read as GB18030 and every UTF-8 line is named.
    const many = Array.from({ length: 30 }, (_, i) => encode(`${13800000000 + i},张三${i}\n`, 'utf-8'));
    const late = Buffer.concat([
      Buffer.from(Array.from({ length: 8_000 }, (_, i) => `${13000000000 + i},x`).join('\n') + '\n'),
      ...many,
      encode('13900000000,李四\n', 'gbk'),
    ]);
    const big = await inspect(ctx, file('late-mixed.csv', late));
    expect(big.encoding).toBe('gb18030');
    expect(big.encodingWarning).toMatchObject({ kind: 'mixed', count: 30, lines: Array.from({ length: 20 }, (_, i) => 8_001 + i) });
    expect(big.encodingWarning!.message).toContain('第 8001、8002');
    expect(big.encodingWarning!.message).toContain('、8020 行等（共 30 行）');

    // A UTF-8 file with a BOM and a GBK line: the GBK bytes do not decode (U+FFFD).
    const bom = Buffer.concat([encode('手机号,姓名\n13800138000,张三\n', 'utf-8-bom'), encode('13900139000,李四\n', 'gbk')]);
    expect((await inspect(ctx, file('bom-gbk.csv', bom))).encodingWarning).toMatchObject({ kind: 'invalid', lines: [3], count: 1 });

    // Clean files in each encoding: no warning (a GBK name that happens to be valid UTF-8 has no Chinese in it as UTF-8).
    for (const enc of ['utf-8', 'utf-8-bom', 'gbk', 'utf-16le-bom'] as const) {
      const clean = await inspect(ctx, file(`clean-${enc}.csv`, encode('手机号,姓名\n13800138000,张三\n13900139000,李四·欧阳\n13700137000,陈萌\n', enc)));
      expect(clean.encodingWarning, enc).toBeNull();
    }
  });
  it('reads UTF-16 LE tab-separated "Unicode text" from Excel', async () => {
    const { rows } = await readAll(ctx, file('unicode.txt', encode('手机\t名字\r\n13800138000\t张三\r\n', 'utf-16le-bom')));
    expect(rows).toEqual([
      ['手机', '名字'],
      ['13800138000', '张三'],
    ]);
  });
});

describe('XLSX', () => {
  it('reads shared strings, inline strings, float numbers, formulas and booleans', async () => {
    const wb = buildXlsx([
      {
        name: '客户',
        rows: [
          ['手机', '姓名', '金额', '公式', '布尔'],
          [{ n: '1.3800138E10' }, { inline: '张三' }, 12.5, { formula: 'C2*2', cached: '25' }, { bool: true }],
          ['13900139000', { rich: ['李', '四'] }, { n: '0.30000000000000004' }, { formula: 'B3&"!"', cached: '李四!', t: 'str' }, { bool: false }],
        ],
      },
    ]);
    const src = file('types.xlsx', wb);
    const { rows, opened } = await readAll(ctx, src);
    expect(opened.sheets).toEqual(['客户']);
    expect(rows).toEqual([
      ['手机', '姓名', '金额', '公式', '布尔'],
      ['13800138000', '张三', '12.5', '25', 'TRUE'],
      ['13900139000', '李四', '0.3', '李四!', 'FALSE'],
    ]);
    const info = await inspect(ctx, src);
    expect(info).toMatchObject({ format: 'xlsx', hasHeader: true, phoneColumn: 0, sheet: '客户' });
  });
  it('lists sheets and reads the chosen one', async () => {
    const wb = buildXlsx([
      { name: 'Sheet1', rows: [['说明'], ['没有号码']] },
      { name: '名单', rows: [['13800138000'], ['13900139000']] },
    ]);
    const src = file('two.xlsx', wb);
    const info = await inspect(ctx, { ...src, sheet: '名单' });
    expect(info).toMatchObject({ sheets: ['Sheet1', '名单'], sheet: '名单', hasHeader: false, phoneColumn: 0, rowsEstimate: 2 });
    const first = await inspect(ctx, src);
    expect(first.sheet).toBe('Sheet1');
    const { rows } = await readAll(ctx, { ...src, sheet: '名单' });
    expect(rows).toEqual([['13800138000'], ['13900139000']]);
  });
  it('fills merged cells from their top-left value', async () => {
    const wb = buildXlsx([
      {
        name: 'S',
        rows: [
          ['手机', '商品'],
          ['13800138000', 'A'],
          [null, 'B'],
          [null, 'C'],
          ['13900139000', 'D'],
        ],
        merges: ['A2:A4'],
      },
    ]);
    const { rows } = await readAll(ctx, file('merged.xlsx', wb));
    expect(rows.map((r) => r[0])).toEqual(['手机', '13800138000', '13800138000', '13800138000', '13900139000']);
  });
  it('keeps row numbers across rows Excel left out', async () => {
    const wb = buildXlsx([{ name: 'S', rows: [['13800138000'], ['13900139000']], rowNumbers: [1, 4] }]);
    const { rows } = await readAll(ctx, file('gaps.xlsx', wb));
    expect(rows).toEqual([['13800138000'], [], [], ['13900139000']]);
  });
  it('estimates rows from <dimension> when reading only the start', async () => {
    const rowsSpec = Array.from({ length: 400 }, (_, i) => [String(13800000000 + i)]);
    const wb = buildXlsx([{ name: 'S', rows: rowsSpec, dimension: 'A1:A400' }]);
    const info = await inspect(ctx, file('dim.xlsx', wb));
    expect(info.rowsEstimate).toBe(400);
    expect(info.preview).toHaveLength(20);
  });
  it('formats numbers as Excel’s General format shows them', () => {
    expect(formatNumber('13800138000')).toBe('13800138000');
    expect(formatNumber('1.3800138E10')).toBe('13800138000');
    expect(formatNumber('1.5')).toBe('1.5');
    expect(formatNumber('0.30000000000000004')).toBe('0.3');
  });
});
