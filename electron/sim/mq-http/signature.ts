import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

// MQ HTTP request signature (mq-http.md §3.3):
//   base64(HMAC-SHA1(secret, METHOD\nContent-MD5\nContent-Type\nDate\n{x-mq-* sorted "k:v\n"}{resource}))
// The resource is the raw request target exactly as sent (percent-encoding and parameter order kept),
// which is how the server can verify every SDK although they order and encode queries differently.

export function stringToSign(method: string, headers: IncomingHttpHeaders, rawTarget: string): string {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v.join(', ') : (v ?? '');
  };
  const mqHeaders = Object.keys(headers)
    .filter((k) => k.startsWith('x-mq-'))
    .sort()
    .map((k) => `${k}:${header(k)}\n`)
    .join('');
  return `${method}\n${header('content-md5')}\n${header('content-type')}\n${header('date')}\n${mqHeaders}${rawTarget}`;
}

export function sign(secret: string, toSign: string): string {
  return createHmac('sha1', Buffer.from(secret, 'utf8')).update(Buffer.from(toSign, 'utf8')).digest('base64');
}

export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The Node and Go SDKs send base64 of the lowercase *hex string* of MD5(body), not of the raw digest
 * (RFC 1864). Both work against the real service, so both forms are accepted here.
 */
export function contentMd5Matches(headerValue: string, body: Buffer): boolean {
  const hex = createHash('md5').update(body).digest('hex');
  const quirk = Buffer.from(hex, 'utf8').toString('base64');
  const rfc = createHash('md5').update(body).digest('base64');
  return headerValue === quirk || headerValue === rfc;
}

export function md5HexUpper(text: string): string {
  return createHash('md5').update(Buffer.from(text, 'utf8')).digest('hex').toUpperCase();
}
