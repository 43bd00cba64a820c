import type { OutboxItem, OutboxKind, OutboxState } from '../../../shared/templates/contract';
import type { Db } from '../db/database';
import type { Raw } from './audited-table';

// 待联网提交: template and signature submits waiting for the gateway (outbox).

export type OutboxOp<P = unknown> = Omit<OutboxItem, 'label'> & { payload: P };

function opFromRaw<P>(r: Raw): OutboxOp<P> {
  return {
    id: Number(r.id),
    kind: r.kind as OutboxKind,
    entityType: r.entity_type as 'template' | 'signature',
    entityId: Number(r.entity_id),
    payload: JSON.parse(String(r.payload)) as P,
    state: r.state as OutboxState,
    attempts: Number(r.attempts),
    lastError: String(r.last_error),
    nextAttemptAt: String(r.next_attempt_at),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

const ACTIVE = "('queued', 'sending')";

export class OutboxStore {
  constructor(
    private readonly db: Db,
    private readonly shopId: number,
  ) {}

  enqueue(op: { kind: OutboxKind; entityType: 'template' | 'signature'; entityId: number; payload: unknown; now: string }): OutboxOp {
    const info = this.db
      .prepare(
        `INSERT INTO outbox (shop_id, kind, entity_type, entity_id, payload, state, attempts, last_error, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'queued', 0, '', ?, ?, ?)`,
      )
      .run(this.shopId, op.kind, op.entityType, op.entityId, JSON.stringify(op.payload), op.now, op.now, op.now);
    return this.get(Number(info.lastInsertRowid))!;
  }

  get<P = unknown>(id: number): OutboxOp<P> | undefined {
    const r = this.db.prepare('SELECT * FROM outbox WHERE shop_id = ? AND id = ?').get(this.shopId, id) as Raw | undefined;
    return r ? opFromRaw<P>(r) : undefined;
  }

  active(entityType: 'template' | 'signature', entityId: number): OutboxOp | undefined {
    const r = this.db
      .prepare(`SELECT * FROM outbox WHERE shop_id = ? AND entity_type = ? AND entity_id = ? AND state IN ${ACTIVE}`)
      .get(this.shopId, entityType, entityId) as Raw | undefined;
    return r ? opFromRaw(r) : undefined;
  }

  /** Oldest due queued operation (FIFO among the due ones). */
  nextDue(now: string): OutboxOp | undefined {
    const r = this.db
      .prepare("SELECT * FROM outbox WHERE shop_id = ? AND state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1")
      .get(this.shopId, now) as Raw | undefined;
    return r ? opFromRaw(r) : undefined;
  }

  earliestQueuedAt(): string | null {
    const r = this.db.prepare("SELECT MIN(next_attempt_at) AS at FROM outbox WHERE shop_id = ? AND state = 'queued'").get(this.shopId) as { at: string | null };
    return r.at;
  }

  /** Claims a queued op for one attempt; false if someone else already took or cancelled it. */
  claim(id: number, now: string): boolean {
    return (
      this.db
        .prepare("UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ? WHERE shop_id = ? AND id = ? AND state = 'queued'")
        .run(now, this.shopId, id).changes > 0
    );
  }

  requeue(id: number, fields: { lastError: string; nextAttemptAt: string; payload?: unknown; now: string }): void {
    this.db
      .prepare(
        `UPDATE outbox SET state = 'queued', last_error = ?, next_attempt_at = ?, payload = COALESCE(?, payload), updated_at = ? WHERE shop_id = ? AND id = ?`,
      )
      .run(fields.lastError, fields.nextAttemptAt, fields.payload === undefined ? null : JSON.stringify(fields.payload), fields.now, this.shopId, id);
  }

  finish(id: number, state: 'done' | 'failed' | 'cancelled', lastError: string, now: string): void {
    this.db.prepare('UPDATE outbox SET state = ?, last_error = ?, updated_at = ? WHERE shop_id = ? AND id = ?').run(state, lastError, now, this.shopId, id);
  }

  /** Cancels a queued op; an op being sent cannot be taken back. */
  cancel(id: number, now: string): boolean {
    return (
      this.db.prepare("UPDATE outbox SET state = 'cancelled', updated_at = ? WHERE shop_id = ? AND id = ? AND state = 'queued'").run(now, this.shopId, id)
        .changes > 0
    );
  }

  cancelForEntity(entityType: 'template' | 'signature', entityId: number, now: string): number {
    return this.db
      .prepare("UPDATE outbox SET state = 'cancelled', updated_at = ? WHERE shop_id = ? AND entity_type = ? AND entity_id = ? AND state = 'queued'")
      .run(now, this.shopId, entityType, entityId).changes;
  }

  /** "Retry now": every queued op becomes due. */
  makeAllDue(now: string): number {
    return this.db.prepare("UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE shop_id = ? AND state = 'queued'").run(now, now, this.shopId).changes;
  }

  /** Ops left 'sending' by a crash: their outcome is unknown. */
  interrupted(): OutboxOp[] {
    return (this.db.prepare("SELECT * FROM outbox WHERE shop_id = ? AND state = 'sending'").all(this.shopId) as Raw[]).map((r) => opFromRaw(r));
  }

  /** The queue as the seller sees it: everything not finished, oldest first, with the entity's name. */
  listActive(): OutboxItem[] {
    const rows = this.db
      .prepare(
        `SELECT o.*, COALESCE(t.name, s.name, '') AS label FROM outbox o
         LEFT JOIN sms_templates t ON o.entity_type = 'template' AND t.id = o.entity_id
         LEFT JOIN sms_signatures s ON o.entity_type = 'signature' AND s.id = o.entity_id
         WHERE o.shop_id = ? AND o.state IN ${ACTIVE} ORDER BY o.id`,
      )
      .all(this.shopId) as Raw[];
    return rows.map((r) => toItem(opFromRaw(r), String(r.label)));
  }
}

export function toItem(op: OutboxOp, label: string): OutboxItem {
  return {
    id: op.id,
    kind: op.kind,
    entityType: op.entityType,
    entityId: op.entityId,
    label,
    state: op.state,
    attempts: op.attempts,
    lastError: op.lastError,
    nextAttemptAt: op.nextAttemptAt,
    createdAt: op.createdAt,
    updatedAt: op.updatedAt,
  };
}
