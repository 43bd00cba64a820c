// Texts the app itself writes into the database in Chinese (do-not-send notes, recipient row reasons): built here and
// recognised here, so the English UI can show a translated label for each while whatever a seller typed stays as typed.
// Main and the CLI keep the Chinese text; the renderer translates what parseStoredText recognises.

export type StoredTextKey =
  | 'reportNoSuchNumber'
  | 'reportBlocked'
  | 'replyOptOut'
  | 'replyOptOutConfirmed'
  | 'inboxBlock'
  | 'imported'
  | 'importedFrom'
  | 'duplicateOfRow'
  | 'onListOptOut'
  | 'onListBlock'
  | 'skippedOnList'
  | 'buyerSkippedOnList'
  | 'cancelled'
  | 'phoneEmpty'
  | 'phoneMasked'
  | 'phoneMultiple'
  | 'phoneLetters'
  | 'phoneGarbage'
  | 'phoneTooLongText'
  | 'phoneLossyFloat'
  | 'phoneService'
  | 'phoneLandline'
  | 'phoneTooShort'
  | 'phoneTooLong'
  | 'phoneNotMobile'
  | 'phoneForeign'
  | 'phoneForeignRegion';

export interface StoredText {
  key: StoredTextKey;
  /** Pieces taken from the text (a code, a row number, a quoted reply, a nested note). */
  values: Record<string, string>;
  /** The nested note of a do-not-send reason ("在免打扰名单中：拉黑（…）"), itself a stored text or free text. */
  note?: string;
}

export type ReportExclusionReason = 'no-such-number' | 'blocked';

/** Builders: the only place these texts are written. */
export const storedText = {
  reportExclusion: (reason: ReportExclusionReason, code: string) => `回执：${reason === 'blocked' ? '运营商/投诉黑名单' : '空号'}（${code.trim()}）`,
  replyOptOut: (preview: string) => `回复“${preview}”自动退订`,
  replyOptOutConfirmed: (preview: string) => `疑似退订，已人工确认：“${preview}”`,
  inboxBlock: () => '收件箱拉黑',
  imported: (fileName: string | null) => (fileName ? `导入：${fileName}` : '导入'),
  duplicateOfRow: (row: number) => `与第 ${row} 行重复`,
  onList: (reason: 'optout' | 'block', note: string) => `在免打扰名单中：${reason === 'optout' ? '退订' : '拉黑'}${note ? `（${note}）` : ''}`,
  skippedOnList: () => '发送前号码已在免打扰名单中，已跳过',
  buyerSkippedOnList: () => '发送前买家已在免打扰名单中，已跳过',
  cancelled: () => '已取消发送',
} as const;

const FIXED: Record<string, StoredTextKey> = {
  收件箱拉黑: 'inboxBlock',
  导入: 'imported',
  '发送前号码已在免打扰名单中，已跳过': 'skippedOnList',
  '发送前买家已在免打扰名单中，已跳过': 'buyerSkippedOnList',
  已取消发送: 'cancelled',
  号码为空: 'phoneEmpty',
  '号码已打码（含 * 号），无法发送': 'phoneMasked',
  '一个单元格里有多个号码，请每行只放一个': 'phoneMultiple',
  '含有文字或字母，不是手机号码': 'phoneLetters',
  '含有无法识别的字符，不是手机号码': 'phoneGarbage',
  '内容过长，不是手机号码': 'phoneTooLongText',
  '号码被 Excel 存成科学计数法并丢失了位数，请把号码列设为“文本”后重新导出': 'phoneLossyFloat',
  '客服/短信端口号码（400、800、106、95 开头）不能接收短信': 'phoneService',
  '固定电话（以区号 0 开头）不能接收短信': 'phoneLandline',
  '不是内地手机号码（应以 13–19 开头）': 'phoneNotMobile',
  '境外号码，只能发送内地手机号': 'phoneForeign',
};

const PATTERNS: ReadonlyArray<[RegExp, (m: RegExpMatchArray) => StoredText]> = [
  [/^回执：空号（(.+)）$/, (m) => ({ key: 'reportNoSuchNumber', values: { code: m[1]! } })],
  [/^回执：运营商\/投诉黑名单（(.+)）$/, (m) => ({ key: 'reportBlocked', values: { code: m[1]! } })],
  [/^回复“([\s\S]*)”自动退订$/, (m) => ({ key: 'replyOptOut', values: { text: m[1]! } })],
  [/^疑似退订，已人工确认：“([\s\S]*)”$/, (m) => ({ key: 'replyOptOutConfirmed', values: { text: m[1]! } })],
  [/^导入：([\s\S]+)$/, (m) => ({ key: 'importedFrom', values: { file: m[1]! } })],
  [/^与第 (\d+) 行重复$/, (m) => ({ key: 'duplicateOfRow', values: { row: m[1]! } })],
  [
    /^在免打扰名单中：(退订|拉黑)(?:（([\s\S]*)）)?$/,
    (m) => ({ key: m[1] === '退订' ? 'onListOptOut' : 'onListBlock', values: {}, ...(m[2] ? { note: m[2] } : {}) }),
  ],
  [/^位数不足（(\d+) 位，手机号为 11 位）$/, (m) => ({ key: 'phoneTooShort', values: { digits: m[1]! } })],
  [/^位数过多（(\d+) 位，手机号为 11 位）$/, (m) => ({ key: 'phoneTooLong', values: { digits: m[1]! } })],
  [/^(.+)号码（\+(\d+)），只能发送内地手机号$/, (m) => ({ key: 'phoneForeignRegion', values: { region: m[1]!, prefix: m[2]! } })],
];

/** The stored text's key and pieces when the app wrote it; null for anything else (shown as typed). */
export function parseStoredText(text: string | null | undefined): StoredText | null {
  if (!text) return null;
  const fixed = Object.hasOwn(FIXED, text) ? FIXED[text] : undefined;
  if (fixed) return { key: fixed, values: {} };
  for (const [pattern, build] of PATTERNS) {
    const m = text.match(pattern);
    if (m) return build(m);
  }
  return null;
}
