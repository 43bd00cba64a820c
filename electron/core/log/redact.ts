// Secrets must never reach a log line or an error shown to the seller.
const SENSITIVE_KEY = /secret|session|passphrase|password|token|^sign$|signature|authorization|accesskey(id)?$/i;
const REDACTED = '***';

/** Query/form/header style leaks: sign=..., session=..., "app_secret":"...", Authorization: MQ ak:sig */
const INLINE_PATTERNS: RegExp[] = [
  /\b(sign|session|app_secret|access_token|refresh_token|passphrase|password)=([^&\s"']+)/gi,
  /("(?:sign|session|appSecret|app_secret|accessKeySecret|access_key_secret|passphrase|password|token)"\s*:\s*")([^"]*)(")/gi,
  /(Authorization:?\s*"?MQ\s+)[^\s"]+/gi,
];

export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first so a secret containing another is fully replaced.
  for (const secret of [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
  }
  out = out.replace(INLINE_PATTERNS[0]!, (_m, key: string) => `${key}=${REDACTED}`);
  out = out.replace(INLINE_PATTERNS[1]!, (_m, head: string, _v: string, tail: string) => `${head}${REDACTED}${tail}`);
  out = out.replace(INLINE_PATTERNS[2]!, (_m, head: string) => `${head}${REDACTED}`);
  return out;
}

export function redactValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return redactText(value, secrets);
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message, secrets), ...(value.stack ? { stack: redactText(value.stack, secrets) } : {}) };
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, secrets, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SENSITIVE_KEY.test(k) && v !== undefined && v !== null && v !== '' ? REDACTED : redactValue(v, secrets, depth + 1);
    }
    return out;
  }
  return value;
}

/** What leaves main: secrets are cut wherever they appear; identifiers only as whole tokens (an 8-digit App Key must not eat a phone number). */
export interface OutboundSecrets {
  secrets: readonly string[];
  identifiers: readonly string[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Deep copy of a result or event payload with every vault value replaced by ***. Only string values change:
 * keys and shapes stay, so `{ session: { set: true } }` views are untouched (unlike redactValue for logs).
 */
export function redactOutbound(value: unknown, values: OutboundSecrets): unknown {
  const secrets = [...values.secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  const identifiers = values.identifiers.filter((s) => s.length >= 4).map((id) => new RegExp(`(?<![0-9A-Za-z])${escapeRegExp(id)}(?![0-9A-Za-z])`, 'g'));
  if (!secrets.length && !identifiers.length) return value;
  const needles = secrets.flatMap((s) => (encodeURIComponent(s) === s ? [s] : [s, encodeURIComponent(s)]));
  const text = (s: string): string => {
    let out = s;
    for (const needle of needles) if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    for (const re of identifiers) out = out.replace(re, REDACTED);
    return out;
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return text(v);
    if (v === null || typeof v !== 'object') return v;
    if (depth > 64) return '[…]'; // never seen in a real payload; cut rather than pass anything unchecked
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    if (v instanceof Date || ArrayBuffer.isView(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) out[k] = walk(item, depth + 1);
    return out;
  };
  return walk(value, 0);
}
