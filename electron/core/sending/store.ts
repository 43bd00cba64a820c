import type {
  CampaignAudience,
  CampaignCounts,
  OrderSendOptions,
  CampaignKind,
  CampaignState,
  ChunkState,
  PauseReason,
  PauseReasonCode,
  RecipientRow,
  RecipientStatus,
} from '../../../shared/sending/contract';
import type { DeliveryState } from '../../../shared/history/rate';
import { shownRecipient } from '../../../shared/orders/fields';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database';

/** campaigns row as stored (snake_case columns mapped once here). */
export interface CampaignRow {
  id: number;
  name: string;
  kind: CampaignKind;
  audience: CampaignAudience;
  /** Order campaigns: per-buyer or per-order, template variable → order field. */
  orderOptions: OrderSendOptions | null;
  /** The creating feature's labels (automation id, audience id …). */
  meta: Record<string, string>;
  state: CampaignState;
  reasonCode: PauseReasonCode | null;
  reason: string;
  templateId: number | null;
  templateCode: string;
  templateName: string;
  templateType: number | null;
  templateContent: string;
  signName: string;
  shortLinkId: number | null;
  shortUrl: string;
  constants: Record<string, string>;
  mapping: string | null;
  source: string | null;
  scheduledAt: string | null;
  autoResume: boolean;
  frequencyDays: number;
  rowsTotal: number;
  segmentsMin: number;
  segmentsMax: number;
  segmentsTotal: number;
  importState: string | null;
  importError: string;
  parentId: number | null;
  /** 测试发送: the campaign whose message this single send previewed (not counted in it, not listed). */
  testOf: number | null;
  createdAt: string;
  updatedAt: string;
  preparedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ChunkRow {
  id: number;
  campaignId: number;
  chunkIndex: number;
  round: number;
  taskSign: string;
  state: ChunkState;
  size: number;
  bizId: string | null;
  errorCode: string | null;
  subCode: string | null;
  errorMessage: string;
  startedAt: string | null;
  finishedAt: string | null;
  reconcileAfter: string | null;
}

export type LeaseHolder = 'app' | 'cli';

export interface CampaignLease {
  campaignId: number;
  owner: string;
  pid: number;
  holder: LeaseHolder;
  heartbeatAt: string;
}

export interface ChunkRecipient {
  id: number;
  /** The number, or `tid:<tid>` for an order row (the ledger's key). */
  phone: string;
  vars: Record<string, string>;
  /** Order rows: the order, its buyer and the order's masked facts for template variables. */
  tid: string | null;
  buyerOpenUid: string | null;
  orderFields: Record<string, string>;
  /** Order rows: the extension code it was (or will be) sent with, so a reply can name its order. */
  extendNum: string | null;
}

/** An order campaign's recipient row as imported. */
export interface OrderRecipientInsert {
  rowNo: number;
  tid: string;
  phone: string;
  raw: string;
  status: RecipientStatus;
  reason: string;
  vars: Record<string, string>;
  buyerOpenUid: string | null;
  buyerNick: string;
  orderFields: Record<string, string>;
}

type Raw = Record<string, unknown>;
const json = <T>(text: unknown, fallback: T): T => {
  try {
    return typeof text === 'string' ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
};

function campaignFromRaw(r: Raw): CampaignRow {
  return {
    id: r.id as number,
    name: r.name as string,
    kind: r.kind as CampaignKind,
    audience: (r.audience as CampaignAudience | undefined) ?? 'phones',
    orderOptions: json<OrderSendOptions | null>(r.order_options, null),
    meta: json(r.meta, {}),
    state: r.state as CampaignState,
    reasonCode: (r.reason_code as PauseReasonCode | null) ?? null,
    reason: r.reason as string,
    templateId: (r.template_id as number | null) ?? null,
    templateCode: r.template_code as string,
    templateName: r.template_name as string,
    templateType: (r.template_type as number | null) ?? null,
    templateContent: r.template_content as string,
    signName: r.sign_name as string,
    shortLinkId: (r.short_link_id as number | null) ?? null,
    shortUrl: r.short_url as string,
    constants: json(r.constants, {}),
    mapping: (r.mapping as string | null) ?? null,
    source: (r.source as string | null) ?? null,
    scheduledAt: (r.scheduled_at as string | null) ?? null,
    autoResume: r.auto_resume === 1,
    frequencyDays: r.frequency_days as number,
    rowsTotal: r.rows_total as number,
    segmentsMin: r.segments_min as number,
    segmentsMax: r.segments_max as number,
    segmentsTotal: r.segments_total as number,
    importState: (r.import_state as string | null) ?? null,
    importError: r.import_error as string,
    parentId: (r.parent_id as number | null) ?? null,
    testOf: (r.test_of as number | null) ?? null,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
    preparedAt: (r.prepared_at as string | null) ?? null,
    startedAt: (r.started_at as string | null) ?? null,
    finishedAt: (r.finished_at as string | null) ?? null,
  };
}

function recipientFromRaw(r: Raw): ChunkRecipient {
  return {
    id: r.id as number,
    phone: r.phone as string,
    vars: json(r.vars, {}),
    tid: (r.tid as string | null) ?? null,
    buyerOpenUid: (r.buyer_open_uid as string | null) ?? null,
    orderFields: json(r.order_fields, {}),
    extendNum: (r.extend_num as string | null | undefined) ?? null,
  };
}

function chunkFromRaw(r: Raw): ChunkRow {
  return {
    id: r.id as number,
    campaignId: r.campaign_id as number,
    chunkIndex: r.chunk_index as number,
    round: r.round as number,
    taskSign: r.task_sign as string,
    state: r.state as ChunkState,
    size: r.size as number,
    bizId: (r.biz_id as string | null) ?? null,
    errorCode: (r.error_code as string | null) ?? null,
    subCode: (r.sub_code as string | null) ?? null,
    errorMessage: r.error_message as string,
    startedAt: (r.started_at as string | null) ?? null,
    finishedAt: (r.finished_at as string | null) ?? null,
    reconcileAfter: (r.reconcile_after as string | null) ?? null,
  };
}

const CAMPAIGN_FIELDS: Record<string, string> = {
  name: 'name',
  state: 'state',
  reasonCode: 'reason_code',
  reason: 'reason',
  templateId: 'template_id',
  templateCode: 'template_code',
  templateName: 'template_name',
  templateType: 'template_type',
  templateContent: 'template_content',
  signName: 'sign_name',
  shortLinkId: 'short_link_id',
  shortUrl: 'short_url',
  constants: 'constants',
  scheduledAt: 'scheduled_at',
  autoResume: 'auto_resume',
  frequencyDays: 'frequency_days',
  segmentsMin: 'segments_min',
  segmentsMax: 'segments_max',
  segmentsTotal: 'segments_total',
  preparedAt: 'prepared_at',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  parentId: 'parent_id',
  testOf: 'test_of',
  kind: 'kind',
  audience: 'audience',
  orderOptions: 'order_options',
  meta: 'meta',
};

export type CampaignPatch = Partial<Omit<CampaignRow, 'id' | 'createdAt' | 'updatedAt' | 'mapping' | 'source' | 'rowsTotal' | 'importState' | 'importError'>>;

/** SQL of the ledger: campaigns, chunks and recipient rows. Every write that claims state is conditional. */
export class SendingStore {
  private readonly statements = new Map<string, Statement<unknown[]>>();

  constructor(
    readonly db: Db,
    readonly shopId: number,
  ) {}

  /** Prepared once per SQL text (hot paths run these per row and per chunk). */
  private sql(text: string): Statement<unknown[]> {
    let stmt = this.statements.get(text);
    if (!stmt) this.statements.set(text, (stmt = this.db.prepare(text)));
    return stmt;
  }

  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- campaigns ----

  insertCampaign(c: { name: string; kind: CampaignKind; audience?: CampaignAudience; frequencyDays: number; parentId?: number | null; now: string }): number {
    return Number(
      this.db
        .prepare('INSERT INTO campaigns (shop_id, name, kind, audience, frequency_days, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(this.shopId, c.name, c.kind, c.audience ?? 'phones', c.frequencyDays, c.parentId ?? null, c.now, c.now).lastInsertRowid,
    );
  }

  campaign(id: number): CampaignRow | null {
    const r = this.sql('SELECT * FROM campaigns WHERE shop_id = ? AND id = ?').get(this.shopId, id) as Raw | undefined;
    return r ? campaignFromRaw(r) : null;
  }

  campaigns(states?: readonly CampaignState[]): CampaignRow[] {
    const filter = states?.length ? `AND state IN (${states.map(() => '?').join(',')})` : '';
    return (this.sql(`SELECT * FROM campaigns WHERE shop_id = ? ${filter} ORDER BY id DESC`).all(this.shopId, ...(states ?? [])) as Raw[]).map(campaignFromRaw);
  }

  updateCampaign(id: number, patch: CampaignPatch, now: string, onlyInStates?: readonly CampaignState[]): boolean {
    // Always after created_at, even within the same millisecond: "never saved" (created_at = updated_at) must stay true only for untouched drafts.
    const sets: string[] = ["updated_at = MAX(?, strftime('%Y-%m-%dT%H:%M:%fZ', created_at, '+0.001 seconds'))"];
    const args: unknown[] = [now];
    for (const [key, value] of Object.entries(patch)) {
      const column = CAMPAIGN_FIELDS[key];
      if (!column || value === undefined) continue;
      sets.push(`${column} = ?`);
      args.push(key === 'constants' || key === 'orderOptions' || key === 'meta' ? JSON.stringify(value) : key === 'autoResume' ? (value ? 1 : 0) : value);
    }
    const guard = onlyInStates?.length ? `AND state IN (${onlyInStates.map(() => '?').join(',')})` : '';
    return (
      this.sql(`UPDATE campaigns SET ${sets.join(', ')} WHERE shop_id = ? AND id = ? ${guard}`).run(...args, this.shopId, id, ...(onlyInStates ?? [])).changes >
      0
    );
  }

  setState(id: number, state: CampaignState, reason: PauseReason | null, now: string, from?: readonly CampaignState[]): boolean {
    return this.updateCampaign(id, { state, reasonCode: reason?.code ?? null, reason: reason?.message ?? '' }, now, from);
  }

  deleteCampaign(id: number) {
    this.sql('DELETE FROM campaigns WHERE shop_id = ? AND id = ?').run(this.shopId, id);
  }

  counts(id: number): CampaignCounts {
    const rows = this.sql('SELECT status, COUNT(*) AS n FROM campaign_recipients WHERE campaign_id = ? GROUP BY status').all(id) as Array<{
      status: RecipientStatus;
      n: number;
    }>;
    const by: Partial<Record<RecipientStatus, number>> = {};
    for (const r of rows) by[r.status] = r.n;
    const n = (s: RecipientStatus) => by[s] ?? 0;
    const total = rows.reduce((sum, r) => sum + r.n, 0);
    const audience = this.sql('SELECT audience FROM campaigns WHERE id = ?').pluck().get(id) as CampaignAudience | undefined;
    const orders =
      audience === 'orders'
        ? (this.sql(
            'SELECT COUNT(*) AS orders, COUNT(DISTINCT COALESCE(buyer_open_uid, phone)) AS buyers, COUNT(oaid_error) AS noOaid FROM campaign_recipients WHERE campaign_id = ? AND tid IS NOT NULL',
          ).get(id) as { orders: number; buyers: number; noOaid: number })
        : { orders: null, buyers: null, noOaid: null };
    return {
      rows: total,
      valid: total - n('duplicate') - n('invalid') - n('suppressed'),
      duplicate: n('duplicate'),
      invalid: n('invalid'),
      suppressed: n('suppressed'),
      skipped: n('skipped'),
      queued: n('queued'),
      inFlight: n('in_flight'),
      submitted: n('accepted'),
      rejected: n('rejected'),
      unconfirmed: n('unconfirmed'),
      cancelled: n('cancelled'),
      ...orders,
    };
  }

  // ---- recipients ----

  insertRecipients(
    campaignId: number,
    rows: Array<{ rowNo: number; phone: string; raw: string; status: RecipientStatus; reason: string; vars: Record<string, string> }>,
  ) {
    const stmt = this.sql('INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, raw, status, reason, vars) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const r of rows) stmt.run(this.shopId, campaignId, r.rowNo, r.phone, r.raw, r.status, r.reason, JSON.stringify(r.vars));
  }

  insertOrderRecipients(campaignId: number, rows: readonly OrderRecipientInsert[]) {
    const stmt = this.sql(
      'INSERT INTO campaign_recipients (shop_id, campaign_id, row_no, phone, raw, status, reason, vars, tid, buyer_open_uid, buyer_nick, order_fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const r of rows)
      stmt.run(
        this.shopId,
        campaignId,
        r.rowNo,
        r.phone,
        r.raw,
        r.status,
        r.reason,
        JSON.stringify(r.vars),
        r.tid,
        r.buyerOpenUid,
        r.buyerNick,
        JSON.stringify(r.orderFields),
      );
  }

  /** Recipient rows in `statuses` after `afterId`, by id (batched preparation and checks over 1M rows). */
  recipientBatch(campaignId: number, statuses: readonly RecipientStatus[], afterId: number, limit: number): Array<ChunkRecipient & { rowNo: number }> {
    const rows = this.sql(
      `SELECT id, row_no, phone, vars, tid, buyer_open_uid, order_fields FROM campaign_recipients WHERE campaign_id = ? AND status IN (${statuses.map(() => '?').join(',')}) AND id > ? ORDER BY id LIMIT ?`,
    ).all(campaignId, ...statuses, afterId, limit) as Raw[];
    return rows.map((r) => Object.assign(recipientFromRaw(r), { rowNo: r.row_no as number }));
  }

  /** Order rows: the OAID a chunk is sent with, or why none could be had (cleared by a later success). */
  setExtendNum(id: number, extendNum: string) {
    this.sql('UPDATE campaign_recipients SET extend_num = ? WHERE id = ?').run(extendNum, id);
  }

  setOaid(id: number, oaid: string | null, error: string | null) {
    this.sql('UPDATE campaign_recipients SET oaid = ?, oaid_error = ? WHERE id = ?').run(oaid, error, id);
  }

  recipientsPage(
    campaignId: number,
    statuses: readonly RecipientStatus[] | undefined,
    search: string | undefined,
    page: number,
    pageSize: number,
    deliveries?: readonly DeliveryState[],
  ): { items: RecipientRow[]; total: number } {
    const where = ['r.campaign_id = ?'];
    const args: unknown[] = [campaignId];
    if (statuses?.length) {
      where.push(`r.status IN (${statuses.map(() => '?').join(',')})`);
      args.push(...statuses);
    }
    if (deliveries?.length) {
      // The delivery state 发送记录 counts (campaign_recipients_delivery index).
      where.push(`r.delivery IN (${deliveries.map(() => '?').join(',')})`);
      args.push(...deliveries);
    }
    if (search) {
      // raw is the order number for order rows.
      where.push("(r.phone LIKE ? ESCAPE '\\' OR r.raw LIKE ? ESCAPE '\\')");
      const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      args.push(like, like);
    }
    const total = (this.sql(`SELECT COUNT(*) AS n FROM campaign_recipients r WHERE ${where.join(' AND ')}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT r.*, c.chunk_index FROM campaign_recipients r LEFT JOIN campaign_chunks c ON c.id = r.chunk_id WHERE ${where.join(' AND ')} ORDER BY r.row_no, r.id LIMIT ? OFFSET ?`,
      )
      .all(...args, pageSize, (page - 1) * pageSize) as Raw[];
    return {
      total,
      items: rows.map((r) => ({
        id: r.id as number,
        rowNo: r.row_no as number,
        phone: r.tid === null ? (r.phone as string) : '',
        tid: (r.tid as string | null) ?? null,
        buyerNick: r.buyer_nick as string,
        shown: r.tid === null ? (r.phone as string) || (r.raw as string) : shownRecipient(r.phone as string, r.buyer_nick as string),
        raw: r.raw as string,
        status: r.status as RecipientStatus,
        reason: r.reason as string,
        vars: json(r.vars, {}),
        chunkIndex: (r.chunk_index as number | null) ?? null,
        bizId: (r.biz_id as string | null) ?? null,
        subCode: (r.sub_code as string | null) ?? null,
        segments: (r.segments as number | null) ?? null,
        submittedAt: (r.submitted_at as string | null) ?? null,
        delivery: (r.delivery as DeliveryState | null) ?? null,
        errCode: (r.err_code as string | null) ?? '',
        reportedAt: (r.reported_at as string | null) ?? null,
      })),
    };
  }

  setSegments(updates: Array<{ id: number; segments: number }>) {
    const stmt = this.sql('UPDATE campaign_recipients SET segments = ? WHERE id = ?');
    for (const u of updates) stmt.run(u.segments, u.id);
  }

  markRecipients(ids: readonly number[], status: RecipientStatus, reason: string) {
    const stmt = this.sql('UPDATE campaign_recipients SET status = ?, reason = ? WHERE id = ?');
    for (const id of ids) stmt.run(status, reason, id);
  }

  /** Phones of this shop accepted in another marketing campaign since `sinceIso` (frequency guard). */
  recentlySentMarketing(phones: readonly string[], sinceIso: string, exceptCampaignId: number): Set<string> {
    const stmt = this.sql(
      `SELECT 1 FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
        WHERE r.shop_id = ? AND r.phone = ? AND r.status = 'accepted' AND r.submitted_at >= ? AND r.campaign_id <> ? AND c.template_type = 2 AND c.test_of IS NULL LIMIT 1`,
    );
    const out = new Set<string>();
    for (const phone of phones) if (stmt.get(this.shopId, phone, sinceIso, exceptCampaignId)) out.add(phone);
    return out;
  }

  /** Buyers (buyer_open_uid) another marketing campaign of this shop reached by OAID since `sinceIso`: the guard of order sends. */
  recentlySentMarketingBuyers(openUids: readonly string[], sinceIso: string, exceptCampaignId: number): Set<string> {
    const stmt = this.sql(
      `SELECT 1 FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
        WHERE r.shop_id = ? AND r.buyer_open_uid = ? AND r.status = 'accepted' AND r.submitted_at >= ? AND r.campaign_id <> ? AND c.template_type = 2 AND c.test_of IS NULL LIMIT 1`,
    );
    const out = new Set<string>();
    for (const uid of new Set(openUids)) if (uid && stmt.get(this.shopId, uid, sinceIso, exceptCampaignId)) out.add(uid);
    return out;
  }

  /** Accepted sends of this phone with this template since `sinceIso`, outside the given chunk (reconciliation). */
  otherAcceptedSince(phone: string, templateCode: string, sinceIso: string, chunkId: number): number {
    return (
      this.db
        .prepare(
          `SELECT COUNT(*) AS n FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
            WHERE r.shop_id = ? AND r.phone = ? AND r.status = 'accepted' AND r.submitted_at >= ? AND c.template_code = ? AND (r.chunk_id IS NULL OR r.chunk_id <> ?)`,
        )
        .get(this.shopId, phone, sinceIso, templateCode, chunkId) as { n: number }
    ).n;
  }

  hasAccepted(campaignId: number, phone: string): boolean {
    return (
      this.sql("SELECT 1 FROM campaign_recipients WHERE campaign_id = ? AND phone = ? AND status = 'accepted' LIMIT 1").get(campaignId, phone) !== undefined
    );
  }

  // ---- chunks ----

  insertChunk(c: { campaignId: number; chunkIndex: number; round: number; taskSign: string; size: number }): number {
    return Number(
      this.sql('INSERT INTO campaign_chunks (shop_id, campaign_id, chunk_index, round, task_sign, size) VALUES (?, ?, ?, ?, ?, ?)').run(
        this.shopId,
        c.campaignId,
        c.chunkIndex,
        c.round,
        c.taskSign,
        c.size,
      ).lastInsertRowid,
    );
  }

  /** Rows into a chunk (queued), with their segments when computed. */
  assignChunk(rows: ReadonlyArray<{ id: number; segments?: number }>, chunkId: number) {
    const stmt = this.sql("UPDATE campaign_recipients SET chunk_id = ?, status = 'queued', reason = '', segments = COALESCE(?, segments) WHERE id = ?");
    for (const r of rows) stmt.run(chunkId, r.segments ?? null, r.id);
  }

  /** Segment totals of a campaign's queued rows (min is Infinity when there are none). */
  queuedSegments(campaignId: number): { min: number; max: number; total: number } {
    const r = this.sql(
      "SELECT MIN(segments) AS mn, MAX(segments) AS mx, COALESCE(SUM(segments), 0) AS total FROM campaign_recipients WHERE campaign_id = ? AND status = 'queued'",
    ).get(campaignId) as { mn: number | null; mx: number | null; total: number };
    return { min: r.mn ?? Infinity, max: r.mx ?? 0, total: r.total };
  }

  /**
   * Preparation: the chunk's members are exactly the 'valid' rows from `members[0]` to the last member (the rows
   * skipped between them were marked first), so one range UPDATE queues them all — the per-row cost left is SQLite's
   * own (row, status index, chunk index, the status triggers). Members whose segments differ from the chunk's most
   * common count get their own UPDATE (segments only: no trigger). Throws if the range holds anything but the members.
   */
  queueChunkRange(campaignId: number, chunkId: number, members: ReadonlyArray<{ id: number; segments: number }>) {
    if (!members.length) return;
    const tally = new Map<number, number>();
    for (const m of members) tally.set(m.segments, (tally.get(m.segments) ?? 0) + 1);
    let common = members[0]!.segments;
    for (const [segments, n] of tally) if (n > tally.get(common)!) common = segments;
    const changed = this.sql(
      "UPDATE campaign_recipients SET chunk_id = ?, status = 'queued', reason = '', segments = ? WHERE campaign_id = ? AND status = 'valid' AND id BETWEEN ? AND ?",
    ).run(chunkId, common, campaignId, members[0]!.id, members[members.length - 1]!.id).changes;
    if (changed !== members.length) throw new Error(`chunk ${chunkId}: ${changed} rows in the id range, ${members.length} members`);
    if (tally.size > 1) {
      const set = this.sql('UPDATE campaign_recipients SET segments = ? WHERE id = ?');
      for (const m of members) if (m.segments !== common) set.run(m.segments, m.id);
    }
  }

  chunk(id: number): ChunkRow | null {
    const r = this.sql('SELECT * FROM campaign_chunks WHERE id = ?').get(id) as Raw | undefined;
    return r ? chunkFromRaw(r) : null;
  }

  chunks(campaignId: number): ChunkRow[] {
    return (this.sql('SELECT * FROM campaign_chunks WHERE campaign_id = ? ORDER BY round, chunk_index').all(campaignId) as Raw[]).map(chunkFromRaw);
  }

  nextChunkIndex(campaignId: number, round: number): number {
    const r = this.sql('SELECT MAX(chunk_index) AS m FROM campaign_chunks WHERE campaign_id = ? AND round = ?').get(campaignId, round) as { m: number | null };
    return (r.m ?? -1) + 1;
  }

  maxRound(campaignId: number): number {
    return (this.sql('SELECT MAX(round) AS m FROM campaign_chunks WHERE campaign_id = ?').get(campaignId) as { m: number | null }).m ?? -1;
  }

  /** Prepared chunks in send order, skipping those already being worked on. */
  preparedChunks(campaignId: number, exclude: ReadonlySet<number>, limit: number): ChunkRow[] {
    const rows = this.db
      .prepare("SELECT * FROM campaign_chunks WHERE campaign_id = ? AND state = 'prepared' ORDER BY round, chunk_index LIMIT ?")
      .all(campaignId, limit + exclude.size) as Raw[];
    return rows
      .map(chunkFromRaw)
      .filter((c) => !exclude.has(c.id))
      .slice(0, limit);
  }

  chunkStateCounts(campaignId: number): Partial<Record<ChunkState, number>> {
    const out: Partial<Record<ChunkState, number>> = {};
    for (const r of this.sql('SELECT state, COUNT(*) AS n FROM campaign_chunks WHERE campaign_id = ? GROUP BY state').all(campaignId) as Array<{
      state: ChunkState;
      n: number;
    }>) {
      out[r.state] = r.n;
    }
    return out;
  }

  chunkRecipients(chunkId: number, statuses: readonly RecipientStatus[]): ChunkRecipient[] {
    const rows = this.db
      .prepare(
        `SELECT id, phone, vars, tid, buyer_open_uid, order_fields, extend_num FROM campaign_recipients WHERE chunk_id = ? AND status IN (${statuses.map(() => '?').join(',')}) ORDER BY id`,
      )
      .all(chunkId, ...statuses) as Raw[];
    return rows.map(recipientFromRaw);
  }

  /** Guarded chunk transition; false when the chunk was not in one of `from`. */
  moveChunk(
    id: number,
    from: readonly ChunkState[],
    to: ChunkState,
    fields: Partial<Pick<ChunkRow, 'bizId' | 'errorCode' | 'subCode' | 'errorMessage' | 'startedAt' | 'finishedAt' | 'reconcileAfter' | 'size'>> & {
      requestId?: string | null;
    } = {},
  ): boolean {
    const map: Record<string, string> = {
      bizId: 'biz_id',
      errorCode: 'error_code',
      subCode: 'sub_code',
      errorMessage: 'error_message',
      startedAt: 'started_at',
      finishedAt: 'finished_at',
      reconcileAfter: 'reconcile_after',
      size: 'size',
      requestId: 'request_id',
    };
    const sets = ['state = ?'];
    const args: unknown[] = [to];
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      sets.push(`${map[k]} = ?`);
      args.push(v);
    }
    return (
      this.sql(`UPDATE campaign_chunks SET ${sets.join(', ')} WHERE id = ? AND state IN (${from.map(() => '?').join(',')})`).run(...args, id, ...from).changes >
      0
    );
  }

  /** Recipients of a chunk from one status to another (with biz_id / sub_code / reason when given). */
  moveChunkRecipients(
    chunkId: number,
    from: readonly RecipientStatus[],
    to: RecipientStatus,
    fields: { bizId?: string | null; subCode?: string | null; reason?: string; submittedAt?: string | null } = {},
  ): number {
    const sets = ['status = ?'];
    const args: unknown[] = [to];
    const set = (column: string, value: unknown) => {
      if (value === undefined) return;
      sets.push(`${column} = ?`);
      args.push(value);
    };
    set('biz_id', fields.bizId);
    set('sub_code', fields.subCode);
    set('reason', fields.reason);
    set('submitted_at', fields.submittedAt);
    return this.sql(`UPDATE campaign_recipients SET ${sets.join(', ')} WHERE chunk_id = ? AND status IN (${from.map(() => '?').join(',')})`).run(
      ...args,
      chunkId,
      ...from,
    ).changes;
  }

  setRecipient(id: number, to: RecipientStatus, fields: { bizId?: string | null; reason?: string; submittedAt?: string | null } = {}) {
    this.db
      .prepare(
        'UPDATE campaign_recipients SET status = ?, biz_id = COALESCE(?, biz_id), reason = COALESCE(?, reason), submitted_at = COALESCE(?, submitted_at) WHERE id = ?',
      )
      .run(to, fields.bizId ?? null, fields.reason ?? null, fields.submittedAt ?? null, id);
  }

  /** Chunks in `state` (optionally of one campaign). */
  chunksInState(state: ChunkState, campaignId?: number): ChunkRow[] {
    const rows =
      campaignId === undefined
        ? (this.sql('SELECT * FROM campaign_chunks WHERE shop_id = ? AND state = ? ORDER BY id').all(this.shopId, state) as Raw[])
        : (this.sql('SELECT * FROM campaign_chunks WHERE campaign_id = ? AND state = ? ORDER BY id').all(campaignId, state) as Raw[]);
    return rows.map(chunkFromRaw);
  }

  // ---- leases (one process sends or reconciles a campaign at a time) ----

  lease(campaignId: number): CampaignLease | null {
    const r = this.sql('SELECT campaign_id, owner, pid, holder, heartbeat_at FROM campaign_leases WHERE campaign_id = ?').get(campaignId) as Raw | undefined;
    return r
      ? {
          campaignId: r.campaign_id as number,
          owner: r.owner as string,
          pid: r.pid as number,
          holder: r.holder as LeaseHolder,
          heartbeatAt: r.heartbeat_at as string,
        }
      : null;
  }

  /**
   * Takes the campaign's lease unless `isLive` says another owner's lease still holds; true when `owner` holds it
   * afterwards. One transaction, so two processes cannot both win.
   */
  acquireLease(lease: Omit<CampaignLease, 'heartbeatAt'>, nowIso: string, isLive: (other: CampaignLease) => boolean): boolean {
    return this.tx(() => {
      const current = this.lease(lease.campaignId);
      if (current && current.owner !== lease.owner && isLive(current)) return false;
      this.sql(
        `INSERT INTO campaign_leases (campaign_id, owner, pid, holder, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (campaign_id) DO UPDATE SET owner = excluded.owner, pid = excluded.pid, holder = excluded.holder,
             acquired_at = CASE WHEN campaign_leases.owner = excluded.owner THEN campaign_leases.acquired_at ELSE excluded.acquired_at END,
             heartbeat_at = excluded.heartbeat_at`,
      ).run(lease.campaignId, lease.owner, lease.pid, lease.holder, nowIso, nowIso);
      return true;
    });
  }

  /** Heartbeat of every lease this owner holds. */
  renewLeases(owner: string, nowIso: string) {
    this.sql('UPDATE campaign_leases SET heartbeat_at = ? WHERE owner = ?').run(nowIso, owner);
  }

  releaseLease(campaignId: number, owner: string) {
    this.sql('DELETE FROM campaign_leases WHERE campaign_id = ? AND owner = ?').run(campaignId, owner);
  }

  releaseLeases(owner: string) {
    this.sql('DELETE FROM campaign_leases WHERE owner = ?').run(owner);
  }

  /** Cancel: prepared chunks and their queued numbers. */
  cancelPending(campaignId: number, reason: string) {
    this.sql("UPDATE campaign_recipients SET status = 'cancelled', reason = ? WHERE campaign_id = ? AND status IN ('queued', 'valid')").run(reason, campaignId);
    this.sql("UPDATE campaign_chunks SET state = 'cancelled' WHERE campaign_id = ? AND state = 'prepared'").run(campaignId);
  }
}
