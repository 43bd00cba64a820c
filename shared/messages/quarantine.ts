// Why a pushed MQ message was quarantined: one stable code per cause, with its Chinese wording (what main stores in
// quarantine.reason) and a parser that recovers code + parameters from a stored reason, so the UI can show the
// reason in another language without a schema change — also for rows stored before codes existed.

export type QuarantineKind = 'report' | 'reply' | 'order' | 'other';
export type QuarantineSignal = 'topic' | 'tag' | 'envelope';

/** Placeholders: {kind…} is a QuarantineKind, {…By} a QuarantineSignal, anything else free text. */
export const QUARANTINE_REASONS_ZH = {
  'too-large': '消息体过大（{bytes} 字节，上限 {limit} 字节），未解析；只保存了前 {limit} 字节。',
  'body-empty': '消息体为空。',
  'body-not-json': '消息体不是 JSON（{detail}）。',
  'body-array': '消息体是 JSON 数组，不是单条回执或上行短信。',
  'body-not-object': '消息体不是 JSON 对象。',
  'envelope-content-empty': '信封中的 content 不是 JSON：消息体为空。',
  'envelope-content-not-json': '信封中的 content 不是 JSON：消息体不是 JSON（{detail}）。',
  'envelope-content-not-object': '信封中的 content 不是 JSON 对象。',
  'classification-conflict': '分类冲突：{firstBy} {first} 表示{firstKind}，{secondBy} {second} 表示{secondKind}。',
  'unknown-envelope-topic': '不认识的信封 topic：{topic}',
  'unrecognised-tag': '无法识别的消息（标签 {tag}）。',
  unrecognised: '无法识别的消息：既不是回执也不是上行短信。',
  'field-missing': '{kind}字段无效：{field} 缺失',
  'field-empty': '{kind}字段无效：{field} 为空',
  'field-type': '{kind}字段无效：{field} 类型无效',
  'order-topic-unsupported': '不支持的订单消息 topic：{topic}',
  'order-other-seller': '订单消息属于其他卖家（{seller}），本店卖家昵称为 {expected}，未混入本店订单。',
} as const;

export type QuarantineReasonCode = keyof typeof QUARANTINE_REASONS_ZH;
export type QuarantineParams = Record<string, string>;

const KIND_ZH: Record<QuarantineKind, string> = { report: '回执', reply: '上行短信', order: '订单消息', other: '其他消息' };
const SIGNAL_ZH: Record<QuarantineSignal, string> = { topic: 'Topic', tag: '标签', envelope: '信封 topic' };

const enumOf = (placeholder: string): Record<string, string> | null =>
  placeholder.startsWith('kind') || placeholder.endsWith('Kind') ? KIND_ZH : placeholder.endsWith('By') ? SIGNAL_ZH : null;

/** The Chinese reason for a code; enumerated parameters are given by key ('report', 'tag', …). */
export function formatQuarantineReason(code: QuarantineReasonCode, params: QuarantineParams = {}): string {
  return QUARANTINE_REASONS_ZH[code].replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name] ?? '';
    return enumOf(name)?.[value] ?? value;
  });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const MATCHERS = (Object.entries(QUARANTINE_REASONS_ZH) as Array<[QuarantineReasonCode, string]>).map(([code, template]) => {
  const names: string[] = [];
  let pattern = '';
  let last = 0;
  for (const m of template.matchAll(/\{(\w+)\}/g)) {
    pattern += escape(template.slice(last, m.index));
    const name = m[1]!;
    const values = enumOf(name);
    // A repeated placeholder ({limit} twice) must match the same text: a back-reference.
    const seen = names.indexOf(name);
    if (seen >= 0) pattern += `\\${seen + 1}`;
    else {
      names.push(name);
      pattern += values ? `(${Object.values(values).map(escape).join('|')})` : '([\\s\\S]*?)';
    }
    last = m.index + m[0].length;
  }
  pattern += escape(template.slice(last));
  return { code, names, regex: new RegExp(`^${pattern}$`) };
});

/** Code and parameters of a stored Chinese reason, or null for a reason this catalogue does not know. */
export function parseQuarantineReason(reason: string): { code: QuarantineReasonCode; params: QuarantineParams } | null {
  for (const { code, names, regex } of MATCHERS) {
    const m = regex.exec(reason);
    if (!m) continue;
    const params: QuarantineParams = {};
    names.forEach((name, i) => {
      const text = m[i + 1] ?? '';
      const values = enumOf(name);
      params[name] = values ? (Object.entries(values).find(([, zh]) => zh === text)?.[0] ?? text) : text;
    });
    return { code, params };
  }
  return null;
}
