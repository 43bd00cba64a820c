import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import iconv from 'iconv-lite';

// Test inputs built at test time: XLSX workbooks (fflate zipSync) and encoded text files (iconv-lite).

/** A cell: plain string → shared string; number → numeric; or an explicit form. */
export type CellSpec =
  | string
  | number
  | null
  | { n: string } // numeric cell with this exact text, e.g. '1.3800138E10'
  | { inline: string }
  | { formula: string; cached: string; t?: 'str' | 'n' }
  | { bool: boolean }
  | { rich: string[] }; // shared string made of runs

export interface SheetSpec {
  name: string;
  rows: CellSpec[][];
  merges?: string[];
  /** Explicit row numbers (1-based) to leave gaps; default 1..n. */
  rowNumbers?: number[];
  dimension?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const col = (i: number) => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

export function buildXlsx(
  sheets: SheetSpec[],
  opts: { extra?: Zippable; sheetXml?: (i: number, xml: string) => string; noSharedStrings?: boolean } = {},
): Uint8Array {
  const strings: string[] = [];
  const richAt = new Map<number, string[]>();
  const ss = (s: string) => {
    strings.push(s);
    return strings.length - 1;
  };
  const sheetXmls = sheets.map((sheet, si) => {
    const rows = sheet.rows
      .map((cells, ri) => {
        const r = sheet.rowNumbers?.[ri] ?? ri + 1;
        const cs = cells
          .map((cell, ci) => {
            const ref = `${col(ci)}${r}`;
            if (cell === null) return '';
            if (typeof cell === 'string') return `<c r="${ref}" t="s"><v>${ss(cell)}</v></c>`;
            if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
            if ('n' in cell) return `<c r="${ref}"><v>${cell.n}</v></c>`;
            if ('inline' in cell) return `<c r="${ref}" t="inlineStr"><is><t>${esc(cell.inline)}</t></is></c>`;
            if ('formula' in cell) return `<c r="${ref}"${cell.t === 'str' ? ' t="str"' : ''}><f>${esc(cell.formula)}</f><v>${esc(cell.cached)}</v></c>`;
            if ('bool' in cell) return `<c r="${ref}" t="b"><v>${cell.bool ? 1 : 0}</v></c>`;
            const index = ss(cell.rich.join(''));
            richAt.set(index, cell.rich);
            return `<c r="${ref}" t="s"><v>${index}</v></c>`;
          })
          .join('');
        return `<row r="${r}">${cs}</row>`;
      })
      .join('');
    const merges = sheet.merges?.length
      ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`
      : '';
    const dim = sheet.dimension ? `<dimension ref="${sheet.dimension}"/>` : '';
    const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${dim}<sheetData>${rows}</sheetData>${merges}</worksheet>`;
    return opts.sheetXml ? opts.sheetXml(si, xml) : xml;
  });
  const sst = strings
    .map((s, i) => {
      const runs = richAt.get(i);
      if (runs) return `<si>${runs.map((t) => `<r><rPr><b/></rPr><t xml:space="preserve">${esc(t)}</t></r>`).join('')}<rPh><t>ふりがな</t></rPh></si>`;
      return `<si><t xml:space="preserve">${esc(s)}</t></si>`;
    })
    .join('');
  const files: Zippable = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}${opts.noSharedStrings ? '' : `<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`}</Relationships>`,
    ),
    ...Object.fromEntries(sheetXmls.map((xml, i) => [`xl/worksheets/sheet${i + 1}.xml`, strToU8(xml)])),
    ...opts.extra,
  };
  if (!opts.noSharedStrings)
    files['xl/sharedStrings.xml'] = strToU8(
      `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${sst}</sst>`,
    );
  return zipSync(files);
}

export function encode(text: string, encoding: 'utf-8' | 'utf-8-bom' | 'gbk' | 'gb18030' | 'utf-16le-bom' | 'utf-16be-bom'): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'gbk':
    case 'gb18030':
      return iconv.encode(text, encoding);
    case 'utf-16le-bom':
      return iconv.encode(text, 'utf16le', { addBOM: true });
    case 'utf-16be-bom':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf16-be')]);
  }
}

export function writeFixture(dir: string, name: string, data: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}
