import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// The simulators' control APIs (create orders, inject replies, faults) must not be reachable from a web page: the
// demo runs them on loopback while the seller browses. Same rules as the browser host: the Host header must be the
// bound address (DNS rebinding), a browser request (it always carries Origin cross-site) is refused, and when a
// token is configured (demo mode) it must come in X-Sim-Token.

export const CONTROL_TOKEN_HEADER = 'x-sim-token';

/** Why a control request is refused, or null when it may proceed. */
export function controlRefusal(req: IncomingMessage, boundPort: number, token: string | undefined): string | null {
  const host = (req.headers.host ?? '').toLowerCase();
  const allowedHosts = [`127.0.0.1:${boundPort}`, `localhost:${boundPort}`, `[::1]:${boundPort}`];
  if (!allowedHosts.includes(host)) return `control API: Host "${host}" is not this simulator's loopback address`;
  if (req.headers.origin !== undefined) return 'control API: requests from web pages (with an Origin header) are refused';
  if (token !== undefined) {
    const given = Buffer.from(String(req.headers[CONTROL_TOKEN_HEADER] ?? ''));
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return `control API: missing or wrong ${CONTROL_TOKEN_HEADER}`;
  }
  return null;
}
