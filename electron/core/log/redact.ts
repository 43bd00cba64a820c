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
