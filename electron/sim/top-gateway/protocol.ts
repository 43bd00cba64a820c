// Wire-level rules of the TOP gateway (spec §1), implemented independently of the client under test so a
// shared mistake cannot make both sides agree.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { JsonNumber, stringifyJson } from '../raw-json';

export { formatGmt8, gmt8Day, gmt8DayStart, parseGmt8 } from '../gmt8';

export const SIGN_METHODS = ['md5', 'hmac', 'hmac-sha256'] as const;
export type SimSignMethod = (typeof SIGN_METHODS)[number];

/** An answer in the `error_response` envelope. */
export class GatewayError extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly subCode?: string,
    readonly subMsg?: string,
  ) {
    super(`${code} ${msg}${subCode ? ` (${subCode})` : ''}`);
  }
}

// Messages as the real gateway spells them (casing varies, spec §1.10 quirk 3).
export const errors = {
  httpAction: () => new GatewayError(9, 'Http Action Not Allowed'),
  missingMethod: () => new GatewayError(21, 'Missing Method'),
  invalidMethod: () => new GatewayError(22, 'Invalid Method'),
  invalidFormat: () => new GatewayError(23, 'Invalid Format'),
  missingSignature: () => new GatewayError(24, 'Missing Signature'),
  invalidSignature: (subMsg?: string) => new GatewayError(25, 'Invalid signature', undefined, subMsg),
  missingSession: () => new GatewayError(26, 'Missing Session'),
  ipNotAllowed: (ip: string) =>
    new GatewayError(
      11,
      'Insufficient isv permissions',
      'isv.permission-ip-whitelist-limit',
      `Invalid ip: ${ip}, only allowed to call from 聚石塔 (Jushita) servers`,
    ),
  invalidSession: () => new GatewayError(27, 'Invalid session', 'invalid-sessionkey', 'SessionKey非法'),
  missingAppKey: () => new GatewayError(28, 'Missing App Key'),
  invalidAppKey: () => new GatewayError(29, 'Invalid App Key'),
  missingTimestamp: () => new GatewayError(30, 'Missing Timestamp'),
  invalidTimestamp: (subMsg: string) => new GatewayError(31, 'Invalid Timestamp', 'isv.invalid-timestamp', subMsg),
  missingVersion: () => new GatewayError(32, 'Missing Version'),
  invalidVersion: () => new GatewayError(33, 'Invalid Version'),
  unsupportedVersion: () => new GatewayError(34, 'Unsupported Version'),
  missingArgument: (name: string) => new GatewayError(40, 'Missing required arguments', `isv.missing-parameter:${name}`, `缺少必填参数 ${name}`),
  invalidArgument: (name: string, why: string) => new GatewayError(41, 'Invalid arguments', `isv.invalid-parameter:${name}`, why),
  parameterError: (subMsg: string) => new GatewayError(43, 'Parameter Error', undefined, subMsg),
  remote: (subCode: string, subMsg: string) => new GatewayError(15, 'Remote service error', subCode, subMsg),
  banned: (seconds: number, subCode = 'accesscontrol.limited-by-app-access-count') =>
    new GatewayError(7, 'App Call Limited', subCode, `This ban will last for ${seconds} more seconds`),
};

/** Sorted name+value concatenation over every non-empty param except `sign` (spec §1.5). */
export function signBase(params: ReadonlyMap<string, string>): string {
  const names = [...params.keys()].filter((k) => k !== 'sign' && params.get(k) !== '');
  names.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  let out = '';
  for (const name of names) out += name + params.get(name);
  return out;
}

export function expectedSign(params: ReadonlyMap<string, string>, secret: string, method: SimSignMethod): string {
  const base = signBase(params);
  const digest =
    method === 'md5'
      ? createHash('md5').update(Buffer.concat([Buffer.from(secret, 'utf8'), Buffer.from(base, 'utf8'), Buffer.from(secret, 'utf8')]))
      : createHmac(method === 'hmac' ? 'md5' : 'sha256', secret).update(Buffer.from(base, 'utf8'));
  return digest.digest('hex').toUpperCase();
}

export const MAX_SKEW_MS = 10 * 60 * 1000;

/** 12–13 lowercase base-36 chars, like real request ids (`r4l9wpv0j4f3`). */
export function newRequestId(): string {
  return BigInt('0x' + randomBytes(8).toString('hex'))
    .toString(36)
    .slice(0, 13)
    .padStart(12, '0');
}

/** Root key: only a leading `taobao.` is dropped (spec §1.6). */
export function responseName(method: string): string {
  return (method.startsWith('taobao.') ? method.slice(7) : method).replaceAll('.', '_') + '_response';
}

export type Format = 'json' | 'xml';

/** A success body before wrapping: `lists` maps array fields to their simplify=false element wrapper. */
export interface SuccessBody {
  fields: Record<string, unknown>;
  lists?: Record<string, string>;
}

export function renderSuccess(method: string, body: SuccessBody, requestId: string, format: Format, simplify: boolean): string {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body.fields)) {
    if (v === undefined || v === null) continue;
    const wrapper = body.lists?.[k];
    if (wrapper && Array.isArray(v)) {
      // TOP leaves empty lists out of the answer entirely.
      if (v.length === 0) continue;
      fields[k] = simplify && format === 'json' ? v : { [wrapper]: v };
    } else fields[k] = v;
  }
  // request_id is a business field in shorturl.query; the platform's own id must not overwrite it.
  if (!('request_id' in fields)) fields.request_id = requestId;
  if (format === 'xml') return xmlDocument(responseName(method), fields, body.lists);
  // Bare 19-digit numbers (tid, oid) are written as digits, never through a double.
  return stringifyJson(simplify ? fields : { [responseName(method)]: fields });
}

export function renderError(error: GatewayError, requestId: string, format: Format): string {
  const e: Record<string, unknown> = { code: error.code, msg: error.msg };
  if (error.subCode) e.sub_code = error.subCode;
  if (error.subMsg) e.sub_msg = error.subMsg;
  e.request_id = requestId;
  // error_response is always the first (only) key, even with simplify=true (spec §1.10 quirk 1–2).
  return format === 'xml' ? xmlDocument('error_response', e) : JSON.stringify({ error_response: e });
}

function xmlEscape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function xmlValue(name: string, value: unknown, lists?: Record<string, string>): string {
  if (Array.isArray(value)) {
    const wrapper = lists?.[name] ?? 'item';
    return `<${name} list="true">${value.map((v) => xmlValue(wrapper, v, lists)).join('')}</${name}>`;
  }
  if (value && typeof value === 'object' && !(value instanceof JsonNumber)) {
    const inner = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => xmlValue(k, v, lists))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

function xmlDocument(root: string, fields: Record<string, unknown>, lists?: Record<string, string>): string {
  const inner = Object.entries(fields)
    .map(([k, v]) => {
      // Fields already wrapped as { element: [...] } for simplify=false render as a list element.
      const wrapper = lists?.[k];
      const items = wrapper && v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[wrapper] : v;
      return xmlValue(k, items, lists);
    })
    .join('');
  return `<?xml version="1.0" encoding="utf-8" ?><${root}>${inner}</${root}>`;
}
