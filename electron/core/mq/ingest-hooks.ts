import type { DeliveryReport, SmsReply } from '../../../shared/messages/contract';
import type { Db } from '../db/database';
import type { ParsedOrderEvent, StoredOrderEvent } from '../orders/parse';
import type { Quarantined } from './parse';

/**
 * Work that must commit atomically with a consumed batch (before its ack): matching reports to sent numbers
 * (history), thread bookkeeping, search indexing and opt-out suppression (inbox). A hook runs inside the
 * batch's transaction with only the newly stored rows (duplicates never reach it), so a crash between
 * persist and ack leaves nothing half-done and a redelivery changes nothing.
 * A hook that throws rolls the batch back and the poller retries it: hooks must not fail on hostile data.
 */
export interface IngestBatch {
  reports: DeliveryReport[];
  replies: SmsReply[];
  /** New order events (order_events rows); orders/ingest.ts derives the orders' state from them. */
  orders: StoredOrderEvent[];
}
export type IngestHook = (batch: IngestBatch) => void;

const hooksByDb = new WeakMap<Db, Map<string, IngestHook>>();

/** Registers (or replaces) the hook `name` for this database; returns the unregister function. */
export function registerIngestHook(db: Db, name: string, hook: IngestHook): () => void {
  let hooks = hooksByDb.get(db);
  if (!hooks) hooksByDb.set(db, (hooks = new Map<string, IngestHook>()));
  hooks.set(name, hook);
  return () => {
    if (hooksByDb.get(db)?.get(name) === hook) hooksByDb.get(db)?.delete(name);
  };
}

/** Called by the message store inside the batch transaction. */
export function runIngestHooks(db: Db, batch: IngestBatch): void {
  if (batch.reports.length === 0 && batch.replies.length === 0 && batch.orders.length === 0) return;
  const hooks = hooksByDb.get(db);
  if (!hooks) return;
  for (const hook of hooks.values()) hook(batch);
}

/**
 * Decides, before anything of a batch is stored, whether an order event belongs to this shop (seller nick). A refusal
 * is quarantined with its reason like an unparseable body. One screen per database.
 */
export type OrderScreen = (event: ParsedOrderEvent) => Quarantined | null;
const screens = new WeakMap<Db, OrderScreen>();

export function registerOrderScreen(db: Db, screen: OrderScreen): () => void {
  screens.set(db, screen);
  return () => {
    if (screens.get(db) === screen) screens.delete(db);
  };
}

export function screenOrderEvent(db: Db, event: ParsedOrderEvent): Quarantined | null {
  return screens.get(db)?.(event) ?? null;
}
