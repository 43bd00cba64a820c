import { SegmentRule, type SegmentCount, type SegmentView } from '../../../shared/audiences/contract';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { SegmentQuery, type SegmentMember } from './query';

export { SegmentQuery, type SegmentMember } from './query';

interface SegmentRow {
  id: number;
  name: string;
  rule: string;
  created_at: string;
  updated_at: string;
}

/**
 * Audiences (人群) of one shop: live counts of a rule, saved segments (re-evaluated whenever used) and the members a
 * segment send goes to. The per-buyer aggregates behind it are kept by triggers on orders (migration 0016).
 */
export interface AudiencesModule {
  count(rule: SegmentRule): SegmentCount;
  members(rule: SegmentRule): SegmentMember[];
  list(): SegmentView[];
  get(id: number): SegmentView;
  save(name: string, rule: SegmentRule): SegmentView;
  delete(id: number): void;
}

export function createAudiencesModule(ctx: Pick<CoreContext, 'db' | 'shopId' | 'clock' | 'events'>): AudiencesModule {
  const query = new SegmentQuery(ctx.db, ctx.shopId);
  const row = (id: number) => ctx.db.prepare('SELECT * FROM audience_segments WHERE shop_id = ? AND id = ?').get(ctx.shopId, id) as SegmentRow | undefined;
  const view = (r: SegmentRow): SegmentView => {
    // Stored rules passed the schema when saved; parsing again keeps an old or edited row from reaching the SQL unchecked.
    const parsed = SegmentRule.safeParse(JSON.parse(r.rule));
    if (!parsed.success) throw new AppError('CONFLICT', `人群“${r.name}”的条件无法识别，请重新编辑后保存。`);
    return { id: r.id, name: r.name, rule: parsed.data, ...query.count(parsed.data, ctx.clock.now()), createdAt: r.created_at, updatedAt: r.updated_at };
  };
  return {
    count: (rule) => query.count(rule, ctx.clock.now()),
    members: (rule) => query.members(rule, ctx.clock.now()),
    list: () => (ctx.db.prepare('SELECT * FROM audience_segments WHERE shop_id = ? ORDER BY id').all(ctx.shopId) as SegmentRow[]).map(view),
    get(id) {
      const r = row(id);
      if (!r) throw new AppError('NOT_FOUND', `没有找到人群 ${id}。`);
      return view(r);
    },
    save(name, rule) {
      const now = new Date(ctx.clock.now()).toISOString();
      const saved = ctx.db
        .prepare(
          `INSERT INTO audience_segments (shop_id, name, rule, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (shop_id, name) DO UPDATE SET rule = excluded.rule, updated_at = excluded.updated_at RETURNING *`,
        )
        .get(ctx.shopId, name.trim(), JSON.stringify(rule), now, now) as SegmentRow;
      ctx.events.emit('segments.changed', { id: saved.id });
      return view(saved);
    },
    delete(id) {
      const { changes } = ctx.db.prepare('DELETE FROM audience_segments WHERE shop_id = ? AND id = ?').run(ctx.shopId, id);
      if (!changes) throw new AppError('NOT_FOUND', `没有找到人群 ${id}。`);
      ctx.events.emit('segments.changed', { id });
    },
  };
}
