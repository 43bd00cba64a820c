import { randomBytes } from 'node:crypto';
import { md5HexUpper } from './signature';

// The message model behind the simulator (mq-http.md §4): per (topic, group) clustering consumption,
// at-least-once, invisibility until NextConsumeTime, a fresh single-use receipt handle per delivery,
// ConsumedTimes counting deliveries, dead-letter after maxRetries redeliveries, tag filtering, timer
// messages (__STARTDELIVERTIME) and long-poll waiters woken by publishes and by invisibility expiry.

export interface SimMessage {
  id: string;
  topic: string;
  body: string;
  bodyMd5: string;
  tag: string;
  /** Wire order kept; includes system keys (KEYS, __STARTDELIVERTIME, …). */
  properties: Array<[string, string]>;
  publishTime: number;
  startDeliverTime: number | null;
}

export interface Delivery {
  message: SimMessage;
  handle: string;
  seq: number;
  firstConsumeTime: number;
  nextConsumeTime: number;
  consumedTimes: number;
}

export interface Counters {
  published: number;
  /** Every handed-out message, first deliveries and redeliveries. */
  delivered: number;
  redelivered: number;
  acked: number;
  /** Handles refused by an ack (bad, stale, expired, already acked). */
  ackErrors: number;
  consumeRequests: number;
  ackRequests: number;
  publishRequests: number;
  /** Consume requests answered 404 MessageNotExist. */
  emptyPolls: number;
  /** Messages dropped for a group because its tag filter did not match. */
  filtered: number;
  deadLettered: number;
  faultsInjected: number;
  authFailures: number;
}

export function emptyCounters(): Counters {
  return {
    published: 0,
    delivered: 0,
    redelivered: 0,
    acked: 0,
    ackErrors: 0,
    consumeRequests: 0,
    ackRequests: 0,
    publishRequests: 0,
    emptyPolls: 0,
    filtered: 0,
    deadLettered: 0,
    faultsInjected: 0,
    authFailures: 0,
  };
}

export type AckOutcome = { ok: true } | { ok: false; code: 'ReceiptHandleError' | 'MessageNotExist'; message: string };

export interface BrokerOptions {
  invisibilityMs: number;
  maxRetries: number;
  /**
   * 'filter' (default, RocketMQ-style): a message whose tag does not match the group's filter is
   * consumed away for that group. 'keep': it stays for a later request with another filter.
   */
  tagMismatch: 'filter' | 'keep';
  /** Acking an already acked handle: handles are single use, so the default refuses it. */
  doubleAck: 'error' | 'ok';
  now: () => number;
}

interface Waiter {
  tags: string[] | null;
  max: number;
  resolve: (deliveries: Delivery[]) => void;
}

class GroupQueue {
  /** Never delivered, in publish order; `head` avoids shifting on every consume. */
  pending: SimMessage[] = [];
  head = 0;
  /** Skipped for now: not yet due (timer message) or, with tagMismatch 'keep', filtered by tag. */
  parked: SimMessage[] = [];
  inflight = new Map<string, Delivery>();
  acked = new Set<string>();
  waiters: Waiter[] = [];
  wakeTimer: NodeJS.Timeout | null = null;
  seq = 0;

  constructor(
    readonly topic: string,
    readonly group: string,
  ) {}
}

export class Broker {
  readonly counters: Counters = emptyCounters();
  private readonly topicLog = new Map<string, SimMessage[]>();
  private readonly queues = new Map<string, GroupQueue>();
  private readonly handleSalt = randomBytes(4).toString('hex');

  constructor(
    topics: readonly string[],
    private readonly groups: readonly string[],
    readonly options: BrokerOptions,
  ) {
    for (const topic of topics) this.addTopic(topic);
  }

  hasTopic(topic: string): boolean {
    return this.topicLog.has(topic);
  }

  hasGroup(group: string): boolean {
    return this.groups.includes(group);
  }

  addTopic(topic: string) {
    if (this.topicLog.has(topic)) return;
    this.topicLog.set(topic, []);
    for (const group of this.groups) this.queues.set(key(topic, group), new GroupQueue(topic, group));
  }

  publish(topic: string, body: string, tag: string, properties: Array<[string, string]>): SimMessage {
    const log = this.topicLog.get(topic);
    if (!log) throw new Error(`unknown topic ${topic}`);
    const now = this.options.now();
    const startProp = properties.find(([k]) => k === '__STARTDELIVERTIME')?.[1];
    const message: SimMessage = {
      id: newMessageId(now),
      topic,
      body,
      bodyMd5: md5HexUpper(body),
      tag,
      properties,
      publishTime: now,
      startDeliverTime: startProp && /^\d+$/.test(startProp) ? Number(startProp) : null,
    };
    log.push(message);
    this.counters.published++;
    for (const group of this.groups) {
      const queue = this.queues.get(key(topic, group))!;
      queue.pending.push(message);
      this.serveWaiters(queue);
    }
    return message;
  }

  /** Hands out up to `max` visible messages (redeliveries first) and makes them invisible. */
  take(topic: string, group: string, tags: string[] | null, max: number): Delivery[] {
    const queue = this.queue(topic, group);
    const now = this.options.now();
    const out: Delivery[] = [];
    const matches = (m: SimMessage) => tags === null || tags.includes(m.tag);

    // Collected first: redeliver() re-inserts into the Map, which an open iterator would visit again.
    const due = [...queue.inflight.values()].filter((d) => d.nextConsumeTime <= now && matches(d.message));
    for (const delivery of due) {
      if (out.length >= max) break;
      if (delivery.consumedTimes > this.options.maxRetries) {
        queue.inflight.delete(delivery.message.id);
        this.counters.deadLettered++;
        continue;
      }
      this.redeliver(queue, delivery, now);
      out.push(delivery);
    }
    if (out.length < max && queue.parked.length) {
      const still: SimMessage[] = [];
      for (const message of queue.parked) {
        if (out.length < max && matches(message) && (message.startDeliverTime ?? 0) <= now) out.push(this.deliverFirst(queue, message, now));
        else still.push(message);
      }
      queue.parked = still;
    }
    while (out.length < max && queue.head < queue.pending.length) {
      const message = queue.pending[queue.head++]!;
      if (!matches(message)) {
        if (this.options.tagMismatch === 'filter') this.counters.filtered++;
        else queue.parked.push(message);
        continue;
      }
      if ((message.startDeliverTime ?? 0) > now) {
        queue.parked.push(message);
        continue;
      }
      out.push(this.deliverFirst(queue, message, now));
    }
    if (queue.head > 1024 && queue.head * 2 > queue.pending.length) {
      queue.pending = queue.pending.slice(queue.head);
      queue.head = 0;
    }
    return out;
  }

  /** Long poll: resolves with deliveries as soon as any are visible, or [] after waitMs or cancel(). */
  wait(topic: string, group: string, tags: string[] | null, max: number, waitMs: number): { promise: Promise<Delivery[]>; cancel: () => void } {
    const queue = this.queue(topic, group);
    let finish: (deliveries: Delivery[]) => void = () => {};
    const promise = new Promise<Delivery[]>((resolve) => {
      const waiter: Waiter = { tags, max, resolve: (deliveries) => finish(deliveries) };
      const timer = setTimeout(() => finish([]), waitMs);
      finish = (deliveries) => {
        clearTimeout(timer);
        const i = queue.waiters.indexOf(waiter);
        if (i >= 0) queue.waiters.splice(i, 1);
        resolve(deliveries);
      };
      queue.waiters.push(waiter);
      this.armWakeTimer(queue);
    });
    return { promise, cancel: () => finish([]) };
  }

  ack(topic: string, group: string, handle: string): AckOutcome {
    const queue = this.queue(topic, group);
    const parsed = parseHandle(handle, this.handleSalt);
    const invalid: AckOutcome = { ok: false, code: 'ReceiptHandleError', message: 'The receipt handle you provide is not valid.' };
    if (!parsed || parsed.group !== group) return invalid;
    const delivery = queue.inflight.get(parsed.messageId);
    if (!delivery) {
      return queue.acked.has(parsed.messageId) && this.options.doubleAck === 'ok' ? { ok: true } : invalid;
    }
    // An older delivery's handle stopped working when the message was handed out again.
    if (delivery.seq !== parsed.seq) return invalid;
    if (this.options.now() > delivery.nextConsumeTime) return { ok: false, code: 'MessageNotExist', message: 'Message not exist.' };
    queue.inflight.delete(parsed.messageId);
    queue.acked.add(parsed.messageId);
    this.counters.acked++;
    return { ok: true };
  }

  /** Queue depths for the control API and tests. */
  snapshot() {
    return [...this.queues.values()].map((q) => ({
      topic: q.topic,
      group: q.group,
      pending: q.pending.length - q.head + q.parked.length,
      inflight: q.inflight.size,
      acked: q.acked.size,
      waiting: q.waiters.length,
    }));
  }

  /** True when every published message was acked by the group (nothing pending or in flight). */
  drained(topic: string, group: string): boolean {
    const q = this.queue(topic, group);
    return q.pending.length === q.head && q.parked.length === 0 && q.inflight.size === 0;
  }

  /** Makes in-flight messages visible now (as if their invisibility had expired). */
  expireInvisibility(): void {
    const now = this.options.now();
    for (const queue of this.queues.values()) {
      for (const d of queue.inflight.values()) d.nextConsumeTime = Math.min(d.nextConsumeTime, now - 1);
      this.serveWaiters(queue);
    }
  }

  reset(): void {
    for (const [topic, log] of this.topicLog) {
      log.length = 0;
      for (const group of this.groups) {
        const old = this.queues.get(key(topic, group))!;
        if (old.wakeTimer) clearTimeout(old.wakeTimer);
        const fresh = new GroupQueue(topic, group);
        fresh.waiters = old.waiters;
        this.queues.set(key(topic, group), fresh);
      }
    }
    Object.assign(this.counters, emptyCounters());
  }

  close(): void {
    for (const queue of this.queues.values()) {
      if (queue.wakeTimer) clearTimeout(queue.wakeTimer);
      for (const waiter of queue.waiters.splice(0)) waiter.resolve([]);
    }
  }

  private queue(topic: string, group: string): GroupQueue {
    const queue = this.queues.get(key(topic, group));
    if (!queue) throw new Error(`unknown topic/group ${topic}/${group}`);
    return queue;
  }

  private deliverFirst(queue: GroupQueue, message: SimMessage, now: number): Delivery {
    const seq = ++queue.seq;
    const delivery: Delivery = {
      message,
      seq,
      handle: makeHandle(message.id, queue.group, seq, this.handleSalt),
      firstConsumeTime: now,
      nextConsumeTime: now + this.options.invisibilityMs,
      consumedTimes: 1,
    };
    queue.inflight.set(message.id, delivery);
    this.counters.delivered++;
    return delivery;
  }

  private redeliver(queue: GroupQueue, delivery: Delivery, now: number) {
    delivery.seq = ++queue.seq;
    delivery.handle = makeHandle(delivery.message.id, queue.group, delivery.seq, this.handleSalt);
    delivery.nextConsumeTime = now + this.options.invisibilityMs;
    delivery.consumedTimes++;
    // Re-insert so the Map's iteration order follows visibility order.
    queue.inflight.delete(delivery.message.id);
    queue.inflight.set(delivery.message.id, delivery);
    this.counters.delivered++;
    this.counters.redelivered++;
  }

  private serveWaiters(queue: GroupQueue) {
    // Oldest first; a waiter whose tag filter matches nothing must not starve the others.
    for (const waiter of [...queue.waiters]) {
      const deliveries = this.take(queue.topic, queue.group, waiter.tags, waiter.max);
      if (deliveries.length) waiter.resolve(deliveries);
    }
    this.armWakeTimer(queue);
  }

  /** Wakes waiters when the next in-flight message becomes visible again or a timer message falls due. */
  private armWakeTimer(queue: GroupQueue) {
    if (queue.wakeTimer) {
      clearTimeout(queue.wakeTimer);
      queue.wakeTimer = null;
    }
    if (!queue.waiters.length) return;
    let next = Number.POSITIVE_INFINITY;
    for (const d of queue.inflight.values()) next = Math.min(next, d.nextConsumeTime);
    for (const m of queue.parked) if (m.startDeliverTime !== null) next = Math.min(next, m.startDeliverTime);
    for (let i = queue.head; i < queue.pending.length; i++) {
      const due = queue.pending[i]!.startDeliverTime;
      if (due !== null) next = Math.min(next, due);
    }
    if (!Number.isFinite(next)) return;
    const delay = Math.max(0, next - this.options.now() + 1);
    queue.wakeTimer = setTimeout(() => {
      queue.wakeTimer = null;
      this.serveWaiters(queue);
    }, delay);
  }
}

function key(topic: string, group: string) {
  return `${topic}\u0000${group}`;
}

const ID_PREFIX = randomBytes(10);
let idCounter = 0;

/**
 * RocketMQ's client unique key, the shape of the docs' examples (1E05791C 1178 18B4AAC2 3B1BB0CE 0000):
 * IPv4, pid, class-loader hash (fixed per simulator), ms since the start of the month, a 16-bit counter.
 * Like the real ones they grow with time, which matters for how a consumer's index fills up.
 */
export function newMessageId(now = Date.now()): string {
  const d = new Date(now);
  const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const id = Buffer.alloc(16);
  ID_PREFIX.copy(id, 0);
  id.writeUInt32BE((now - monthStart) >>> 0, 10);
  id.writeUInt16BE(idCounter++ & 0xffff, 14);
  return id.toString('hex').toUpperCase();
}

/** `${MessageId}-${base64(salt:group:seq)}`: tells malformed from stale from foreign handles. */
function makeHandle(messageId: string, group: string, seq: number, salt: string): string {
  return `${messageId}-${Buffer.from(`${salt}:${seq}:${group}`, 'utf8').toString('base64')}`;
}

function parseHandle(handle: string, salt: string): { messageId: string; group: string; seq: number } | null {
  const m = /^([0-9A-F]{32})-([A-Za-z0-9+/]+=*)$/.exec(handle);
  if (!m) return null;
  const decoded = Buffer.from(m[2]!, 'base64').toString('utf8');
  const parts = /^([0-9a-f]{8}):(\d+):(.+)$/.exec(decoded);
  if (!parts || parts[1] !== salt) return null;
  return { messageId: m[1]!, seq: Number(parts[2]), group: parts[3]! };
}
