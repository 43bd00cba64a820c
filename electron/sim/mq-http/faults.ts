// Fault injection. Each rule applies to the next `times` matching requests (default 1; Infinity = until cleared).
// What each kind does to the official Node SDK (mq-http.md §2.8, §3.7):
//   latency            hold the request delayMs, then answer normally
//   reset              destroy the socket without answering             → Error 'socket hang up' / ECONNRESET (no Code)
//   http5xx            `status` (default 503) with a text/plain body     → TypeError on consume; {code, body: undefined} on ack
//   internalError      500 <Error><Code>InternalError</Code>             → thrown Error with Code 'InternalError'
//   emptyMessages      200 with an empty <Messages/> (consume only)      → TypeError "reading 'forEach'"
//   malformedXml       200 text/xml that is not well-formed              → xml2js/sax Error (no Code)
//   signatureMismatch  403 SignatureDoesNotMatch whatever the signature  → thrown Error with Code
//   slowAck            apply the ack, answer after delayMs (default 3500) → RequestTimeoutError ReadTimeout(3000); handles are spent
//   ackPartial         refuse the first `count` handles (default 1) with ReceiptHandleError and leave them unacked
//   resetOnReuse       destroy a *reused* keep-alive socket as the request arrives (the idle-close race)

export const FAULT_KINDS = [
  'latency',
  'reset',
  'http5xx',
  'internalError',
  'emptyMessages',
  'malformedXml',
  'signatureMismatch',
  'slowAck',
  'ackPartial',
  'resetOnReuse',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type Operation = 'consume' | 'ack' | 'publish';

export interface FaultRule {
  kind: FaultKind;
  /** Which operation it hits; default 'any' (slowAck and ackPartial imply 'ack', emptyMessages 'consume'). */
  op?: Operation | 'any';
  times?: number;
  delayMs?: number;
  status?: number;
  count?: number;
}

interface ActiveRule extends FaultRule {
  remaining: number;
}

export class FaultPlan {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    if (!FAULT_KINDS.includes(rule.kind)) throw new Error(`unknown fault kind ${String(rule.kind)}`);
    this.rules.push({ ...rule, op: rule.op ?? impliedOp(rule.kind), remaining: rule.times ?? 1 });
  }

  replace(rules: FaultRule[]): void {
    this.clear();
    for (const rule of rules) this.add(rule);
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ remaining, ...rule }) => ({ ...rule, times: remaining }));
  }

  /** Takes the first rule that applies to this request (resetOnReuse only applies on a reused socket). */
  take(op: Operation, socketReused: boolean): FaultRule | null {
    const rule = this.rules.find((r) => r.remaining > 0 && (r.op === 'any' || r.op === op) && (r.kind !== 'resetOnReuse' || socketReused));
    if (!rule) return null;
    rule.remaining--;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return rule;
  }
}

function impliedOp(kind: FaultKind): Operation | 'any' {
  if (kind === 'slowAck' || kind === 'ackPartial') return 'ack';
  if (kind === 'emptyMessages') return 'consume';
  return 'any';
}
