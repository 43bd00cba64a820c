import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/core/db/database';
import { MIGRATIONS } from '../../../electron/core/db/migrations';
import { ReportMatcher } from '../../../electron/core/history/matching';
import { HistoryQueries } from '../../../electron/core/history/queries';
import { SendingStore } from '../../../electron/core/sending/store';
import { acceptChunk, insertCampaign, insertRecipients, phoneAt, storeReport } from '../history/fixtures';

// The hot campaign_recipients queries of the ledger, history and resend, captured as the real code runs them (expanded
// SQL from the connection's trace), must each be answered through their index. 0007 made most of those indexes partial,
// so a query that stops implying an index's WHERE term silently turns into a scan of every imported row: this catches it.

function setup() {
  const executed: string[] = [];
  const db = new Database(':memory:', { verbose: (sql) => executed.push(String(sql)) });
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS);
  const id = insertCampaign(db);
  const phones = Array.from({ length: 30 }, (_, i) => phoneAt(i + 1));
  const chunks = insertRecipients(db, id, phones);
  acceptChunk(db, chunks[0]!, '1^1');
  executed.length = 0;
  /** Runs `fn`, then returns the query plan of the one statement it executed that matches `pattern`. */
  const planOf = (pattern: RegExp, fn: () => unknown): string => {
    executed.length = 0;
    fn();
    const matching = executed.filter((sql) => pattern.test(sql));
    expect(matching, `exactly one statement matching ${pattern}`).toHaveLength(1);
    return (db.prepare(`EXPLAIN QUERY PLAN ${matching[0]}`).all() as Array<{ detail: string }>).map((p) => p.detail).join(' | ');
  };
  return { db, id, phones, chunks, planOf, queries: new HistoryQueries(db, 1), store: new SendingStore(db, 1) };
}

describe('campaign_recipients query plans (hot queries keep their index)', () => {
  it('history: number search, state and failure-reason filters, per-number look-up, summary counts', () => {
    const { id, phones, planOf, queries } = setup();
    const page = /^SELECT id, row_no, phone, delivery/;
    const plans: Record<string, [string, RegExp]> = {
      'search whole number': [
        planOf(page, () => queries.numbers({ id, search: phones[3], offset: 0, limit: 50 })),
        /USING INDEX campaign_recipients_campaign_phone \(campaign_id=\? AND phone=\?\)/,
      ],
      'search beginning': [
        planOf(page, () => queries.numbers({ id, search: '1390000', offset: 0, limit: 50 })),
        /USING INDEX campaign_recipients_campaign_phone \(campaign_id=\? AND phone>\? AND phone<\?\)/,
      ],
      'search tail': [
        planOf(page, () => queries.numbers({ id, search: '0021', offset: 0, limit: 50 })),
        /USING INDEX campaign_recipients_tail \(campaign_id=\? AND <expr>=\?\)/,
      ],
      'filter failed': [
        planOf(page, () => queries.numbers({ id, deliveries: ['failed'], offset: 0, limit: 50 })),
        /USING INDEX campaign_recipients_delivery \(campaign_id=\? AND delivery=\?\)/,
      ],
      'filter err_code': [
        planOf(page, () => queries.numbers({ id, deliveries: ['failed'], errCode: 'MK:0005', offset: 0, limit: 50 })),
        /USING INDEX campaign_recipients_err_code \(campaign_id=\? AND err_code=\?\)/,
      ],
      'number look-up': [
        planOf(/FROM campaign_recipients r JOIN campaigns c/, () => queries.lookup(phones[3]!)),
        /SEARCH r USING INDEX campaign_recipients_phone \(shop_id=\? AND phone=\?/,
      ],
      'summary counts': [planOf(/SELECT campaign_id, COUNT\(\*\) AS sent/, () => queries.counts(id)), /USING (COVERING )?INDEX campaign_recipients_delivery/],
    };
    for (const [name, [plan, uses]] of Object.entries(plans)) {
      expect(plan, name).toMatch(uses);
      expect(plan, name).not.toMatch(/SCAN campaign_recipients\b|SCAN r\b/);
    }
  });

  it('report matching updates each row through the (biz_id, phone) index', () => {
    const { db, phones, planOf } = setup();
    const matcher = new ReportMatcher(db);
    const report = storeReport(db, { bizId: '1^1', phone: phones[0]!, state: '1' });
    const plan = planOf(/UPDATE campaign_recipients AS r/, () => db.transaction(() => matcher.match(1, [report]))());
    expect(plan).toMatch(/SEARCH r USING INDEX campaign_recipients_biz \(biz_id=\? AND phone=\?\)/);
  });

  it('ledger: preparation batches by status, chunk members and transitions by chunk, frequency guard by number', () => {
    const { db, id, chunks, planOf, store } = setup();
    expect(planOf(/FROM campaign_recipients WHERE campaign_id = .* AND status IN/, () => store.recipientBatch(id, ['valid'], 0, 1000))).toMatch(
      /USING INDEX campaign_recipients_status \(campaign_id=\? AND status=\? AND rowid>\?\)/,
    );
    // Preparation queues a chunk's members as one id range of the campaign's 'valid' rows.
    const valid = Number(
      db.prepare("INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status) VALUES (1, ?, 99, ?, 'valid')").run(id, phoneAt(99))
        .lastInsertRowid,
    );
    expect(
      planOf(/^UPDATE campaign_recipients SET chunk_id = .* AND id BETWEEN/, () =>
        store.tx(() => store.queueChunkRange(id, chunks[0]!, [{ id: valid, segments: 1 }])),
      ),
    ).toMatch(/USING (COVERING )?INDEX campaign_recipients_status \(campaign_id=\? AND status=\? AND rowid>\? AND rowid<\?\)/);
    expect(planOf(/FROM campaign_recipients WHERE chunk_id =/, () => store.chunkRecipients(chunks[0]!, ['accepted']))).toMatch(
      /USING INDEX campaign_recipients_chunk \(chunk_id=\?\)/,
    );
    expect(planOf(/^UPDATE campaign_recipients SET status/, () => store.moveChunkRecipients(chunks[0]!, ['queued'], 'cancelled'))).toMatch(
      /USING INDEX campaign_recipients_chunk \(chunk_id=\?\)/,
    );
    expect(planOf(/FROM campaign_recipients r JOIN campaigns c/, () => store.recentlySentMarketing([phoneAt(1)], '2026-01-01T00:00:00.000Z', id + 1))).toMatch(
      /SEARCH r USING INDEX campaign_recipients_(submitted|phone) \(shop_id=\? AND phone=\?/,
    );
  });

  it('the sent-rows-only indexes hold no imported row until it is submitted', () => {
    const { db, id } = setup();
    const entries = (index: string) =>
      db.prepare(`SELECT COUNT(*) FROM campaign_recipients INDEXED BY ${index} WHERE campaign_id = ? AND submitted_at IS NOT NULL`).pluck().get(id);
    // 30 rows imported, 30 accepted in chunk 0 (one chunk of 200): all submitted. Add 5 unsent rows.
    const insert = db.prepare("INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, status) VALUES (1, ?, ?, ?, 'valid')");
    for (let i = 0; i < 5; i++) insert.run(id, 100 + i, phoneAt(100 + i));
    expect(entries('campaign_recipients_campaign_phone')).toBe(30);
    const sizes = db
      .prepare("SELECT name, (SELECT COUNT(*) FROM pragma_index_info(name)) AS cols, partial FROM pragma_index_list('campaign_recipients') ORDER BY name")
      .all() as Array<{ name: string; partial: number }>;
    const full = sizes.filter((s) => !s.partial).map((s) => s.name);
    expect(full).toEqual(['campaign_recipients_delivery', 'campaign_recipients_status']);
  });
});
