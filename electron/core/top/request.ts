import { createHash, createHmac } from 'node:crypto';
import type { SignMethod } from '../../../shared/settings/schema';
import { formatBeijing } from '../../../shared/time/beijing';

/** A business parameter as callers pass it; encoded to the wire string by encodeParamValue (spec §1.4). */
export type TopParamValue = string | number | boolean | Date | null | undefined | readonly unknown[] | { readonly [key: string]: unknown };
export type TopParams = Record<string, TopParamValue>;

export const TOP_API_VERSION = '2.0';
/** The TOP `timestamp` (and Date parameters): `yyyy-MM-dd HH:mm:ss` Beijing time, whatever the PC's zone. */
export function topTimestamp(epochMs: number): string {
  return formatBeijing(epochMs, true);
}

/** Wire string of one value; undefined means "do not send" (empty values are never sent, spec §1.5 step 2). */
export function encodeParamValue(value: TopParamValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    text = String(value);
  } else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else if (value instanceof Date) text = topTimestamp(value.getTime());
  else if (Array.isArray(value)) {
    // Basic-type arrays are comma-joined, struct arrays are a JSON array string (spec §1.4).
    const basic = value.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
    text = basic ? value.map(String).join(',') : JSON.stringify(value);
  } else text = JSON.stringify(value);
  return text === '' ? undefined : text;
}

/**
 * The exact string that is digested: sorted `name value` pairs, no separators, raw values (spec §1.5 steps 1–4).
 * The default sort compares UTF-16 code units, which for parameter names (ASCII) is their byte order.
 */
export function signatureBaseString(params: Readonly<Record<string, string>>): string {
  const names = Object.keys(params).sort();
  // One join: a flat string for the digest (repeated += would hand it a rope to flatten).
  const pairs: string[] = [];
  for (const name of names) {
    const value = params[name];
    if (name !== 'sign' && name !== '' && value !== '' && value !== undefined) pairs.push(name, value);
  }
  return pairs.join('');
}

/** Uppercase hex signature for md5 | hmac (HMAC-MD5) | hmac-sha256 (spec §1.5 step 5–6). */
export function signParams(params: Readonly<Record<string, string>>, secret: string, method: SignMethod): string {
  const base = signatureBaseString(params);
  let hex: string;
  if (method === 'md5')
    hex = createHash('md5')
      .update(secret + base + secret, 'utf8')
      .digest('hex');
  else if (method === 'hmac') hex = createHmac('md5', Buffer.from(secret, 'utf8')).update(base, 'utf8').digest('hex');
  else hex = createHmac('sha256', Buffer.from(secret, 'utf8')).update(base, 'utf8').digest('hex');
  return hex.toUpperCase();
}

export interface SystemParams {
  method: string;
  appKey: string;
  session?: string;
  /** Epoch ms; rendered as GMT+8. */
  now: number;
  signMethod: SignMethod;
  simplify: boolean;
  partnerId?: string;
}

/** Business params → wire strings, empty ones dropped. Business params may not shadow system ones. */
export function encodeBusinessParams(business: TopParams): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(business)) {
    if (SYSTEM_PARAM_NAMES.has(name)) throw new TypeError(`business parameter "${name}" collides with a TOP system parameter`);
    const encoded = encodeParamValue(value);
    if (encoded !== undefined) params[name] = encoded;
  }
  return params;
}

/** Encoded business params + system params + `sign`: exactly what goes on the wire. */
export function signRequest(system: SystemParams, encodedBusiness: Readonly<Record<string, string>>, secret: string): Record<string, string> {
  const params: Record<string, string> = { ...encodedBusiness };
  params.method = system.method;
  params.app_key = system.appKey;
  if (system.session) params.session = system.session;
  params.timestamp = topTimestamp(system.now);
  params.v = TOP_API_VERSION;
  params.format = 'json';
  params.simplify = system.simplify ? 'true' : 'false';
  params.sign_method = system.signMethod;
  if (system.partnerId) params.partner_id = system.partnerId;
  params.sign = signParams(params, secret, system.signMethod);
  return params;
}

export const SYSTEM_PARAM_NAMES: ReadonlySet<string> = new Set([
  'method',
  'app_key',
  'session',
  'timestamp',
  'v',
  'format',
  'simplify',
  'sign_method',
  'sign',
  'partner_id',
  'target_app_key',
]);

/** application/x-www-form-urlencoded, UTF-8. */
export function formEncode(params: Readonly<Record<string, string>>): string {
  return new URLSearchParams(params).toString();
}
