import type { Db } from '../db/database';

/** Extension codes of order rows: fixed width, so a platform base code ('1001' …) never looks like one of ours. */
export const ORDER_EXTEND_DIGITS = 6;
const ORDER_EXTEND_SPACE = 10 ** ORDER_EXTEND_DIGITS;

/** The next `count` extension codes of the shop's order rows (caller's transaction). */
export function allocateOrderExtendCodes(db: Db, shopId: number, count: number): string[] {
  if (count <= 0) return [];
  const start = (db.prepare('SELECT next FROM order_extend_seq WHERE shop_id = ?').pluck().get(shopId) as number | undefined) ?? 0;
  db.prepare('INSERT INTO order_extend_seq (shop_id, next) VALUES (?, ?) ON CONFLICT (shop_id) DO UPDATE SET next = excluded.next').run(
    shopId,
    (start + count) % ORDER_EXTEND_SPACE,
  );
  return Array.from({ length: count }, (_, i) => String((start + i) % ORDER_EXTEND_SPACE).padStart(ORDER_EXTEND_DIGITS, '0'));
}
