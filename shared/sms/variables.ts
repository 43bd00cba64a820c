// `${name}` placeholders: extraction, malformed-placeholder findings, rendering with values.
// §4 Variables / §2.1: placeholders are written `${var}` ("占位符用${}标识") [DOC apiId=60274 via SDK].
// Name charset for Jushita [NOT FOUND]; we accept ASCII letters, digits and underscore [INF, other platforms
// require English names].

import { DEFAULT_SMS_RULES_CONFIG, type SmsRulesConfig } from './config';
import { FindingList, hasErrors, type Finding } from './rules';
import { maskValueFor } from './privacy';
import { blankRanges, type Range } from './text';

export const VARIABLE_NAME_PATTERN = /^[A-Za-z0-9_]+$/;

export interface VariableOccurrence {
  name: string;
  /** Range of the whole `${name}` in the content (UTF-16 offsets). */
  start: number;
  end: number;
}

export interface VariableScan {
  occurrences: VariableOccurrence[];
  /** Distinct names in order of first use. */
  names: string[];
  /** Ranges of malformed placeholders (already reported in findings). */
  malformed: Range[];
  findings: Finding[];
}

const OPENER_DOLLAR = new Set(['$', '＄', '￥', '¥']);
const OPENER_BRACE = new Set(['{', '｛']);
const CLOSER = new Set(['}', '｝']);
const MAX_NAME_SCAN = 32;

function isOpenerAt(s: string, i: number): boolean {
  return OPENER_DOLLAR.has(s[i] ?? '') && OPENER_BRACE.has(s[i + 1] ?? '');
}

/** Finds `${name}` placeholders and reports malformed ones (`${ }`, `${名字}`, `${abc`, `＄｛x｝`). */
export function scanVariables(content: string, config: SmsRulesConfig = DEFAULT_SMS_RULES_CONFIG): VariableScan {
  const findings = new FindingList(config.severityOverrides);
  const occurrences: VariableOccurrence[] = [];
  const malformed: Range[] = [];
  const bad = (range: Range, message: string, messageEn: string) => {
    malformed.push(range);
    findings.add('variable-malformed', { message, messageEn, range, field: 'content' });
  };

  let i = 0;
  while (i < content.length) {
    if (!isOpenerAt(content, i)) {
      i++;
      continue;
    }
    const bodyStart = i + 2;
    let j = bodyStart;
    let closed = false;
    while (j < content.length) {
      const c = content[j]!;
      if (CLOSER.has(c)) {
        closed = true;
        break;
      }
      if (c === '\n' || isOpenerAt(content, j)) break;
      j++;
    }
    let body = content.slice(bodyStart, j);
    // A '}' after free text (inner spaces, another brace, or a long run) is not this placeholder's closer:
    // `${abc 请查收}` is an unclosed `${abc` followed by text.
    if (closed && (/\S\s+\S|[{｛]/.test(body) || body.length > MAX_NAME_SCAN)) {
      closed = false;
      const m = /^\s*[A-Za-z0-9_]*/.exec(body);
      j = bodyStart + (m ? m[0].length : 0);
      body = content.slice(bodyStart, j);
    }
    if (!closed) {
      const raw = content.slice(i, j);
      bad({ start: i, end: j }, `变量占位符 "${raw}" 缺少右花括号 }`, `Placeholder "${raw}" is missing the closing }`);
      i = j;
      continue;
    }
    const end = j + 1;
    const raw = content.slice(i, end);
    const range = { start: i, end };
    const fullWidth = content[i] !== '$' || content[i + 1] !== '{' || content[j] !== '}';
    const trimmed = body.trim();
    if (fullWidth) {
      const fixed = VARIABLE_NAME_PATTERN.test(trimmed) ? `\${${trimmed}}` : '${name}';
      bad(range, `变量占位符 "${raw}" 含全角符号，应写成半角 ${fixed}`, `Placeholder "${raw}" uses full-width symbols; write ${fixed}`);
    } else if (trimmed === '') {
      bad(range, `变量名为空："${raw}"`, `Empty variable name: "${raw}"`);
    } else if (trimmed !== body && VARIABLE_NAME_PATTERN.test(trimmed)) {
      bad(range, `变量名不能含空格：请写成 \${${trimmed}}`, `Variable names cannot contain spaces: write \${${trimmed}}`);
    } else if (!VARIABLE_NAME_PATTERN.test(body)) {
      bad(range, `变量名 "${body}" 只能使用英文字母、数字和下划线`, `Variable name "${body}" may only use ASCII letters, digits and underscore`);
    } else {
      occurrences.push({ name: body, start: i, end });
    }
    i = end;
  }

  // Other vendors' placeholder syntax, sent literally [INF]
  const blanked = blankRanges(content, [...occurrences, ...malformed]);
  const foreign = /\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}|\{[A-Za-z_][A-Za-z0-9_]*\}|#[A-Za-z_][A-Za-z0-9_]*#/g;
  for (const m of blanked.matchAll(foreign)) {
    const start = m.index ?? 0;
    const name = m[0].replace(/[{}#\s]/g, '');
    findings.add('variable-foreign-syntax', {
      message: `"${m[0]}" 不是平台的变量写法，会原样发出；变量请写成 \${${name}}`,
      messageEn: `"${m[0]}" is not the platform's placeholder syntax and is sent literally; write \${${name}}`,
      range: { start, end: start + m[0].length },
      field: 'content',
      data: { name },
    });
  }

  const names: string[] = [];
  for (const o of occurrences) if (!names.includes(o.name)) names.push(o.name);
  return { occurrences, names, malformed, findings: findings.items };
}

/** Distinct valid variable names, in order of first use. */
export function extractVariables(content: string): string[] {
  return scanVariables(content).names;
}

export interface RenderPart {
  kind: 'text' | 'variable';
  text: string;
  /** For variables: the name; `missing` when no usable value was given (text keeps `${name}`). */
  name?: string;
  missing?: boolean;
  masked?: boolean;
  /** Range in the rendered text. */
  start: number;
  end: number;
}

export interface RenderOptions {
  /** Apply the platform's privacy masking (§4) to values, e.g. for the phone preview. Default false. */
  mask?: boolean;
  config?: SmsRulesConfig;
}

export interface RenderResult {
  /** Rendered content; placeholders without a usable value stay as `${name}`. */
  text: string;
  parts: RenderPart[];
  /** Template names with no value (undefined / null / not a string or number). */
  missing: string[];
  /** Value keys the template does not use. */
  unused: string[];
  findings: Finding[];
  ok: boolean;
}

/**
 * Renders `${name}` with values. A missing value is an error finding (never silently blank); a number is
 * rendered but reported (the API wants strings, §2.8 isv.INVALID_JSON_PARAM). Malformed placeholders stay as typed.
 */
export function renderTemplate(content: string, values: Readonly<Record<string, unknown>>, options: RenderOptions = {}): RenderResult {
  const config = options.config ?? DEFAULT_SMS_RULES_CONFIG;
  const scan = scanVariables(content, config);
  const findings = new FindingList(config.severityOverrides);
  findings.addAll(scan.findings);

  const missing: string[] = [];
  const reported = new Set<string>();
  const parts: RenderPart[] = [];
  let text = '';
  let last = 0;
  const pushText = (t: string) => {
    if (!t) return;
    parts.push({ kind: 'text', text: t, start: text.length, end: text.length + t.length });
    text += t;
  };

  for (const occ of scan.occurrences) {
    pushText(content.slice(last, occ.start));
    last = occ.end;
    const has = Object.prototype.hasOwnProperty.call(values, occ.name);
    const v = has ? values[occ.name] : undefined;
    let rendered: string | undefined;
    if (typeof v === 'string') rendered = v;
    else if (typeof v === 'number' && Number.isFinite(v)) rendered = String(v);

    if (!reported.has(occ.name)) {
      reported.add(occ.name);
      if (v === undefined || v === null) {
        missing.push(occ.name);
        findings.add('variable-missing-value', {
          message: `变量 \${${occ.name}} 没有取值`,
          messageEn: `No value for \${${occ.name}}`,
          range: { start: occ.start, end: occ.end },
          field: 'content',
          data: { name: occ.name },
        });
      } else if (typeof v !== 'string') {
        if (rendered === undefined) missing.push(occ.name);
        findings.add('variable-value-type', {
          message: `变量 ${occ.name} 的值必须是文本（字符串），当前是 ${typeof v}`,
          messageEn: `The value of ${occ.name} must be a string, got ${typeof v}`,
          field: `values.${occ.name}`,
          data: { name: occ.name, type: typeof v },
        });
      }
    }

    const start = text.length;
    if (rendered === undefined) {
      const t = `\${${occ.name}}`;
      text += t;
      parts.push({ kind: 'variable', text: t, name: occ.name, missing: true, start, end: text.length });
      continue;
    }
    const maskedValue = options.mask ? maskValueFor(occ.name, rendered, config) : undefined;
    const t = maskedValue ?? rendered;
    text += t;
    const part: RenderPart = { kind: 'variable', text: t, name: occ.name, start, end: text.length };
    if (maskedValue !== undefined) part.masked = true;
    parts.push(part);
  }
  pushText(content.slice(last));

  const unused = Object.keys(values).filter((k) => !scan.names.includes(k));
  for (const name of unused) {
    findings.add('variable-unused-value', {
      message: `取值 ${name} 在模板中没有对应的 \${${name}}`,
      messageEn: `Value ${name} has no \${${name}} in the template`,
      field: `values.${name}`,
      data: { name },
    });
  }
  const all = findings.items;
  return { text, parts, missing, unused, findings: all, ok: !hasErrors(all) };
}
