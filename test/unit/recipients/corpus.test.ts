import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { AnySource } from '../../../electron/core/recipients/source';
import type { ZipLimits } from '../../../electron/core/recipients/zip';
import { normalizePhone } from '../../../shared/sending/phone';
import type { SourceInspection } from '../../../shared/recipients/contract';
import { buildXlsx, encode, writeFixture } from './fixtures';
import { inspect, readAll, rejection, useTempDir } from './helpers';

// Bad input corpus: every file or paste either gives a clear Chinese message or reads correctly; nothing crashes.

const { dir, ctx } = useTempDir();
const file = (name: string, data: string | Uint8Array): AnySource => ({ kind: 'file', path: writeFixture(dir, name, data) });
const paste = (text: string): AnySource => ({ kind: 'paste', text });
const CHINESE = /[\u4e00-\u9fff]/;

interface Case {
  name: string;
  source: () => AnySource;
  limits?: ZipLimits;
  /** Refused with this message (by inspect and by the full read, or only the full read). */
  error?: RegExp;
  errorOnlyOnRead?: boolean;
  check?: (r: { info: SourceInspection; rows: string[][] }) => void;
}

const phones = (rows: string[][], col = 0) => rows.map((r) => normalizePhone(r[col] ?? '')).map((p) => (p.ok ? p.phone : p.code));

/** A zip whose central directory lies about an entry's inflated size. */
function lyingZip(): Uint8Array {
  const spaces = ' '.repeat(12 * 1024 * 1024);
  const zip = buildXlsx([{ name: 'S', rows: [['13800138000']] }], { sheetXml: (_i, xml) => xml.replace('<sheetData>', `<sheetData>${spaces}`) });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let p = 0; p < zip.length - 4; p++) {
    if (view.getUint32(p, true) === 0x02014b50) view.setUint32(p + 24, 100, true); // "100 bytes"
  }
  return zip;
}

const CASES: Case[] = [
  { name: 'empty file', source: () => file('empty.csv', ''), error: /是空的/ },
  {
    name: 'whitespace-only file',
    source: () => file('blank.csv', '\n\n  \n'),
    check: ({ info, rows }) => expect([info.columns.length <= 1, rows.every((r) => r.every((c) => !c.trim()))]).toEqual([true, true]),
  },
  {
    name: 'header only',
    source: () => file('header.csv', '手机号,姓名\n'),
    check: ({ info }) => expect(info).toMatchObject({ hasHeader: true, rowsEstimate: 0, phoneColumn: 0 }),
  },
  {
    name: 'one column, no header',
    source: () => file('one.csv', '13800138000\n13900139000\n'),
    check: ({ info, rows }) => expect([info.hasHeader, info.phoneColumn, rows.length]).toEqual([false, 0, 2]),
  },
  {
    name: 'GBK from Chinese Excel',
    source: () => file('gbk.csv', encode('手机号码,客户姓名\n13800138000,张三\n', 'gbk')),
    check: ({ info }) => expect([info.encoding, info.columns[1]?.header]).toEqual(['gb18030', '客户姓名']),
  },
  {
    name: 'UTF-16 LE with BOM',
    source: () => file('u16.csv', encode('手机\n13800138000\n', 'utf-16le-bom')),
    check: ({ rows }) => expect(rows).toEqual([['手机'], ['13800138000']]),
  },
  {
    name: 'UTF-16 LE without BOM',
    source: () => file('u16nobom.txt', encode('13800138000\r\n13900139000\r\n', 'utf-16le-bom').subarray(2)),
    check: ({ info, rows }) => expect([info.encoding, phones(rows)]).toEqual(['utf-16le', ['13800138000', '13900139000']]),
  },
  {
    name: 'UTF-8 BOM does not stick to the header',
    source: () => file('bom.csv', encode('手机号,name\n13800138000,a\n', 'utf-8-bom')),
    check: ({ info }) => expect(info.columns[0]?.header).toBe('手机号'),
  },
  {
    name: 'formula-looking cells and ="…" numbers',
    source: () => file('formula.csv', '="13800138000",=HYPERLINK("http://x")\n=13900139000,@SUM(1)\n'),
    check: ({ rows }) => expect([phones(rows), rows[0]![1]]).toEqual([['13800138000', '13900139000'], '=HYPERLINK("http://x")']),
  },
  {
    name: 'floats from Excel',
    source: () => file('floats.csv', '1.3800138E+10\n13900139000.0\n1.38E+10\n'),
    check: ({ rows }) => expect(phones(rows)).toEqual(['13800138000', '13900139000', 'lossy-float']),
  },
  {
    name: 'leading apostrophes',
    source: () => file('apos.csv', "'13800138000\n'+86 139 0013 9000\n"),
    check: ({ rows }) => expect(phones(rows)).toEqual(['13800138000', '13900139000']),
  },
  {
    name: 'masked numbers from a Taobao order export',
    source: () => file('masked.csv', '收货人手机\n138****8000\n139****9000\n'),
    check: ({ rows }) => expect(phones(rows.slice(1))).toEqual(['masked', 'masked']),
  },
  {
    name: 'only invalid numbers',
    source: () => file('invalid.csv', 'abc\n010-1234567\n12345\n'),
    check: ({ info, rows }) => expect([info.phoneColumn, phones(rows)]).toEqual([0, ['letters', 'landline', 'too-short']]),
  },
  {
    name: 'blank rows and mixed line ends',
    source: () => file('mixed.csv', '13800138000\r\n\r\n13900139000\n\r13700137000\r'),
    check: ({ rows }) => expect(rows.filter((r) => r.some((c) => c))).toHaveLength(3),
  },
  { name: 'unclosed quote', source: () => file('quote.csv', 'a,b\n"13800138000,x\n13900139000,y\n'), error: /引号没有闭合/, errorOnlyOnRead: true },
  { name: 'huge single line without separators', source: () => file('line.csv', '1'.repeat(5_000_000)), error: /超过 32000 个字符/ },
  {
    name: 'one line with 300k numbers in a CSV',
    source: () => file('wide.csv', Array.from({ length: 300_000 }, (_, i) => 13800000000 + i).join(',')),
    error: /超过 1000 列/,
  },
  {
    name: 'one line with 300k numbers in a TXT (a list)',
    source: () => file('wide.txt', Array.from({ length: 300_000 }, (_, i) => 13800000000 + i).join(',')),
    check: ({ rows }) => expect([rows.length, rows[299_999]]).toEqual([300_000, ['13800299999']]),
  },
  {
    name: 'huge token in a TXT',
    source: () => file('token.txt', `13800138000\n${'9'.repeat(3_000_000)}\n13900139000`),
    check: ({ rows }) => expect(phones(rows)[0]).toBe('13800138000'),
  },
  {
    name: 'NUL bytes (binary renamed .csv)',
    source: () => file('binary.csv', Buffer.concat([Buffer.from('13800138000\n'), randomBytes(4096), Buffer.alloc(64)])),
    error: /二进制数据/,
  },
  {
    name: 'NUL bytes late in a text file',
    source: () => file('late-nul.csv', Buffer.concat([Buffer.from('13800138000\n'.repeat(30_000)), Buffer.from([0, 0, 0]), Buffer.from('\n')])),
    error: /二进制数据/,
    errorOnlyOnRead: true,
  },
  { name: 'XLSX renamed .csv', source: () => file('book.csv', buildXlsx([{ name: 'S', rows: [['13800138000']] }])), error: /其实是 Excel 工作簿/ },
  {
    name: 'old .xls renamed .csv',
    source: () => file('old.csv', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)])),
    error: /旧版 Excel/,
  },
  {
    name: 'old .xls',
    source: () => file('old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)])),
    error: /旧版 Excel/,
  },
  {
    name: 'PNG renamed .csv',
    source: () => file('img.csv', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(100)])),
    error: /图片/,
  },
  { name: 'PDF renamed .csv', source: () => file('doc.csv', '%PDF-1.7\n1 0 obj\n'), error: /PDF/ },
  { name: 'CSV text renamed .xlsx', source: () => file('text.xlsx', '13800138000\n'), error: /不是有效的 \.xlsx/ },
  { name: 'zip without a workbook', source: () => file('other.xlsx', zipSync({ 'readme.txt': strToU8('hello') })), error: /找不到 workbook\.xml/ },
  {
    name: 'truncated XLSX',
    source: () => {
      const z = buildXlsx([{ name: 'S', rows: [['13800138000']] }]);
      return file('cut.xlsx', z.subarray(0, Math.floor(z.length / 2)));
    },
    error: /已损坏/,
  },
  {
    name: 'XLSX zip bomb (inflates past the cap)',
    limits: { maxTotalBytes: 4 * 1024 * 1024, maxEntries: 100 },
    source: () =>
      file(
        'bomb.xlsx',
        buildXlsx([{ name: 'S', rows: [['13800138000']] }], { sheetXml: (_i, xml) => xml.replace('<sheetData>', `<sheetData>${' '.repeat(8 * 1024 * 1024)}`) }),
      ),
    error: /解压后超过 4 MB/,
    errorOnlyOnRead: true,
  },
  {
    name: 'XLSX whose header lies about the inflated size',
    limits: { maxTotalBytes: 4 * 1024 * 1024, maxEntries: 100 },
    source: () => file('liar.xlsx', lyingZip()),
    error: /解压后超过 4 MB/,
    errorOnlyOnRead: true,
  },
  {
    name: 'XLSX declaring more than the cap',
    limits: { maxTotalBytes: 1024, maxEntries: 100 },
    source: () => file('declared.xlsx', buildXlsx([{ name: 'S', rows: Array.from({ length: 200 }, (_, i) => [String(13800000000 + i)]) }])),
    error: /解压后超过/,
  },
  {
    name: 'XLSX with too many entries',
    limits: { maxTotalBytes: 1 << 30, maxEntries: 5 },
    source: () =>
      file(
        'many.xlsx',
        buildXlsx([{ name: 'S', rows: [['1']] }], { extra: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`junk/${i}.bin`, new Uint8Array(1)])) }),
      ),
    error: /超过上限 5/,
  },
  {
    name: 'XLSX with a DOCTYPE/entity (billion laughs)',
    source: () =>
      file(
        'xxe.xlsx',
        buildXlsx([{ name: 'S', rows: [['13800138000']] }], {
          sheetXml: (_i, xml) =>
            xml.replace('<worksheet', '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><worksheet').replace('13800138000', '&lol2;'),
        }),
      ),
    error: /DOCTYPE/,
  },
  {
    name: 'XLSX with broken XML',
    source: () =>
      file('broken.xlsx', buildXlsx([{ name: 'S', rows: [['13800138000']] }], { sheetXml: (_i, xml) => xml.replace('</sheetData>', '<row><c></sheetData>') })),
    error: /不是有效的 XML/,
    errorOnlyOnRead: true,
  },
  {
    name: 'XLSX formula without a cached value',
    source: () =>
      file(
        'nocache.xlsx',
        buildXlsx([{ name: 'S', rows: [['13800138000', 'x']] }], { sheetXml: (_i, xml) => xml.replace('</row>', '<c r="C1"><f>A1</f></c></row>') }),
      ),
    check: ({ rows }) => expect(rows).toEqual([['13800138000', 'x']]),
  },
  {
    name: 'XLSX without sharedStrings (inline only)',
    source: () => file('inline.xlsx', buildXlsx([{ name: 'S', rows: [[{ inline: '13800138000' }, { n: '1.3900139E10' }]] }], { noSharedStrings: true })),
    check: ({ rows }) => expect(rows).toEqual([['13800138000', '13900139000']]),
  },
  {
    name: 'XLSX merged cells across a header',
    source: () =>
      file(
        'mhead.xlsx',
        buildXlsx([
          {
            name: 'S',
            rows: [
              ['客户名单', null],
              ['手机', '姓名'],
              ['13800138000', '张三'],
            ],
            merges: ['A1:B1'],
          },
        ]),
      ),
    check: ({ rows }) => expect(rows[0]).toEqual(['客户名单', '客户名单']),
  },
  {
    name: 'unknown sheet name',
    source: () => ({ kind: 'file', path: writeFixture(dir, 'sheetless.xlsx', buildXlsx([{ name: 'A', rows: [['1']] }])), sheet: '不存在' }),
    error: /工作表“不存在”不存在/,
  },
  {
    name: 'paste with full-width digits and separators',
    source: () => paste('１３８００１３８０００，13900139000；\n+86 137 0013 7000、'),
    check: ({ info, rows }) => expect([info.format, phones(rows)]).toEqual(['paste', ['13800138000', '13900139000', '13700137000']]),
  },
  {
    name: 'paste copied from Excel (two columns)',
    source: () => paste('手机\t姓名\n13800138000\t张三\n13900139000\t李四'),
    check: ({ info, rows }) => expect([info.hasHeader, info.columns.length, rows.length]).toEqual([true, 2, 3]),
  },
  { name: 'empty paste', source: () => paste(' \n \n'), check: ({ rows }) => expect(rows).toEqual([]) },
];

describe('bad input corpus', () => {
  it('has at least 30 files and pastes', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const source = c.source();
    const options = c.limits ? { zipLimits: c.limits } : {};
    if (c.error) {
      const readError = await rejection(readAll(ctx, source, options));
      expect(readError.message).toMatch(c.error);
      expect(readError.message).toMatch(CHINESE);
      expect(readError.code).toBe('BAD_REQUEST');
      if (!c.errorOnlyOnRead) expect((await rejection(inspect(ctx, source, options))).message).toMatch(c.error);
      else await inspect(ctx, source, options).catch((e: Error) => expect(e.message).toMatch(CHINESE));
      return;
    }
    const info = await inspect(ctx, source, options);
    const { rows } = await readAll(ctx, source, options);
    c.check?.({ info, rows });
  });

  it('a 50 MB file is refused with a size message before anything is read', async () => {
    const path = join(dir, 'fifty.csv');
    const fd = openSync(path, 'w');
    const block = Buffer.from('13800138000,张三,备注备注备注\n'.repeat(20_000));
    for (let written = 0; written < 50 * 1024 * 1024; written += block.length) writeSync(fd, block);
    closeSync(fd);
    const error = await rejection(inspect(ctx, { kind: 'file', path }));
    expect(error.message).toMatch(/文件太大（5\d\.\d MB），最大 48 MB/);
  });
});
