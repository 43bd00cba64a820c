import type { ShortLinkView } from '../../../shared/templates/contract';
import type { Db } from '../db/database';
import type { Raw } from './audited-table';

// 淘短链 made for this shop (short_links).

/** The view without what the service derives from the clock. */
export type ShortLinkRow = Omit<ShortLinkView, 'daysLeft' | 'expiry'>;

export class ShortLinkStore {
  constructor(
    private readonly db: Db,
    private readonly shopId: number,
  ) {}

  list(options: { notExpiredAt?: string } = {}): ShortLinkRow[] {
    const filter = options.notExpiredAt ? 'AND expires_at > ?' : '';
    const args = options.notExpiredAt ? [this.shopId, options.notExpiredAt] : [this.shopId];
    return (this.db.prepare(`SELECT * FROM short_links WHERE shop_id = ? ${filter} ORDER BY created_at DESC, id DESC`).all(...args) as Raw[]).map((r) => ({
      id: Number(r.id),
      longUrl: String(r.long_url),
      shortUrl: String(r.short_url),
      tag: String(r.tag),
      batchNumber: String(r.batch_number),
      createdAt: String(r.created_at),
      expiresAt: String(r.expires_at),
    }));
  }

  insert(row: Omit<ShortLinkRow, 'id'>): number {
    const info = this.db
      .prepare('INSERT INTO short_links (shop_id, long_url, short_url, tag, batch_number, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(this.shopId, row.longUrl, row.shortUrl, row.tag, row.batchNumber, row.createdAt, row.expiresAt);
    return Number(info.lastInsertRowid);
  }

  get(id: number): ShortLinkRow | undefined {
    return this.list().find((r) => r.id === id);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM short_links WHERE shop_id = ? AND id = ?').run(this.shopId, id).changes > 0;
  }
}
