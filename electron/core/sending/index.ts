import { AppError } from '../../../shared/errors';
import type {
  CampaignKind,
  CampaignState,
  CampaignSummary,
  CampaignView,
  OrderFilter,
  PreSendCheck,
  RecipientStatus,
  TestSends,
} from '../../../shared/sending/contract';
import type { OrderMessage } from '../../../shared/orders/contract';
import type { OrderField } from '../../../shared/orders/fields';
import { beijingText } from '../../../shared/time/beijing';
import { sendScope } from '../suppression/store';
import { ordersMatching, orderRecipientRows, type OrderPick, type OrderSource } from './orders';
import { normalizePhone } from '../../../shared/sending/phone';
import { CampaignUpdateInput } from '../../../shared/sending/contract';
import type { z } from 'zod';
import type { CoreContext } from '../context';
import { HistoryQueries, ZERO_DELIVERY } from '../history/queries';
import type { SuppressionStore } from '../suppression/store';
import type { TopClient } from '../top/client';
import type { RateLimiter } from '../top/limiter';
import { checkCampaign } from './check';
import { CostLedger } from '../costs/ledger';
import {
  approvedTemplate,
  campaignSummary,
  campaignView,
  createDraftFromRecipients,
  defaultCampaignName,
  shortLink,
  signatureProblem,
  templateIdByCode,
  templateSnapshot,
} from './drafts';
import { SendEngine, type SendHooks } from './engine';
import { pauseReason } from './outcomes';
import { recoverInterruptedImports } from '../recipients/import';
import { prepareResendRound } from './prepare';
import { SendingStore, type CampaignRow } from './store';

export { createDraftFromRecipients } from './drafts';
export type { CreateDraftInput, DraftRecipient } from './drafts';

export interface SendingModuleOptions {
  /** The core's TOP client (services.top; tests pass their own). */
  client: () => TopClient;
  /** The shared limiter of that client. */
  limiter?: () => RateLimiter | null;
  /** Calls per second in effect (default settings.top.qps). */
  qps?: () => number;
  /** The core's do-not-send list, re-checked before each call. */
  suppression: SuppressionStore;
  /** The orders feature, for order campaigns (OAIDs, order facts). */
  orders?: OrderSource;
  /** Only this campaign is sent / reconciled by this process (the CLI). */
  scope?: number;
  maxInFlight?: number;
  hooks?: SendHooks;
  now?: () => number;
  env?: NodeJS.ProcessEnv;
}

export type CampaignUpdate = z.output<typeof CampaignUpdateInput>;

/** What other features (automations, audiences) pass to createOrderSend. */
export interface OrderSendInput {
  name: string;
  kind: Extract<CampaignKind, 'campaign' | 'automation'>;
  /** An approved template known locally (templates.import it first). */
  templateCode: string;
  signName: string;
  orders: OrderPick[];
  /** false: one SMS per buyer (their most recent order among `orders`). */
  perOrder: boolean;
  varMap?: Record<string, OrderField>;
  /** Check and start at once (refused like campaigns.start while the check has errors); else a draft. */
  startNow?: boolean;
  meta?: Record<string, string>;
  /** Frequency guard for marketing templates, by buyer (default settings.sending.frequencyDays; 0 = off). */
  frequencyDays?: number;
}

/** One order's outcome in a campaign (orderOutcomes). */
export interface OrderOutcome {
  tid: string;
  status: RecipientStatus;
  reason: string;
  bizId: string | null;
}

/** JST_RECONCILE_AFTER_S overrides sending.reconcileAfterSeconds (tests, impatient sellers). */
export function reconcileAfterMs(ctx: Pick<CoreContext, 'settings'>, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env.JST_RECONCILE_AFTER_S;
  if (fromEnv !== undefined && /^\d+(\.\d+)?$/.test(fromEnv)) return Number(fromEnv) * 1000;
  return ctx.settings.get().sending.reconcileAfterSeconds * 1000;
}

/** Campaigns and the ledger (issue 9): the service behind every campaigns.* request, and the send engine. */
export class SendingModule {
  readonly store: SendingStore;
  private readonly costs: CostLedger;
  readonly engine: SendEngine;
  private readonly now: () => number;

  private readonly suppression: SuppressionStore;
  private readonly orders: OrderSource | undefined;
  /** Delivery figures come from the history read side, so 发送 and 发送记录 never disagree. */
  private readonly history: HistoryQueries;

  constructor(
    readonly ctx: CoreContext,
    options: SendingModuleOptions,
  ) {
    this.store = new SendingStore(ctx.db, ctx.shopId);
    this.costs = new CostLedger(ctx);
    this.now = options.now ?? (() => ctx.clock.now());
    this.suppression = options.suppression;
    this.orders = options.orders;
    this.history = new HistoryQueries(ctx.db, ctx.shopId);
    const env = options.env ?? process.env;
    const maxFromEnv = Number(env.JST_SEND_MAX_IN_FLIGHT);
    this.engine = new SendEngine({
      ctx,
      store: this.store,
      suppression: options.suppression,
      orders: options.orders,
      client: options.client,
      limiter: options.limiter,
      qps: options.qps,
      log: ctx.log.child('sending'),
      now: this.now,
      reconcileAfterMs: () => reconcileAfterMs(ctx, env),
      scope: options.scope,
      maxInFlight: options.maxInFlight ?? (maxFromEnv > 0 ? maxFromEnv : undefined),
      hooks: options.hooks,
    });
  }

  /** Start-up recovery and the background loop (sending continues without any window or tab). */
  startBackground() {
    this.engine.start();
    this.ctx.onClose(() => this.engine.stop());
  }

  private iso() {
    return new Date(this.now()).toISOString();
  }

  mustGet(id: number): CampaignRow {
    const c = this.store.campaign(id);
    if (!c) throw new AppError('NOT_FOUND', '发送任务不存在。');
    return c;
  }

  view(id: number): CampaignView {
    const c = this.mustGet(id);
    const link = c.shortLinkId ? shortLink(this.ctx, c.shortLinkId) : null;
    const view = campaignView(this.store, c, this.history.counts(id), link);
    view.progress.etaSeconds = c.state === 'sending' ? this.engine.eta(id, view.progress.total - view.progress.done) : null;
    return view;
  }

  list(states?: readonly CampaignState[]): CampaignSummary[] {
    // 测试发送 are shown with the campaign they previewed, not as campaigns of their own.
    const campaigns = this.store.campaigns(states).filter((c) => c.testOf === null);
    const delivery = this.history.countsByCampaign(campaigns.map((c) => c.id));
    return campaigns.map((c) => campaignSummary(campaignView(this.store, c, delivery.get(c.id) ?? { ...ZERO_DELIVERY })));
  }

  create(name?: string): CampaignView {
    this.dropUntouchedDrafts();
    const id = this.store.insertCampaign({
      name: name?.trim() || defaultCampaignName(new Date(this.now())),
      kind: 'campaign',
      frequencyDays: this.ctx.settings.get().sending.frequencyDays,
      now: this.iso(),
    });
    this.changed(id);
    return this.view(id);
  }

  /**
   * 新建群发 creates its draft at once; one the seller left without touching it (no rows, no template, never saved)
   * is removed when the next one is created, so the list does not fill with empty drafts.
   */
  private dropUntouchedDrafts() {
    const ids = this.ctx.db
      .prepare(
        `SELECT id FROM campaigns c WHERE shop_id = ? AND state = 'draft' AND kind = 'campaign' AND template_code = '' AND import_state IS NULL
           AND created_at = updated_at AND NOT EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id = c.id)`,
      )
      .pluck()
      .all(this.ctx.shopId) as number[];
    for (const id of ids) {
      this.store.deleteCampaign(id);
      this.ctx.events.emit('campaigns.changed', { id, state: 'draft' });
    }
  }

  private mustBeDraft(c: CampaignRow) {
    if (c.state !== 'draft') throw new AppError('CONFLICT', '发送任务已开始，不能再修改。');
  }

  update(input: CampaignUpdate): CampaignView {
    const c = this.mustGet(input.id);
    this.mustBeDraft(c);
    const patch: Partial<CampaignRow> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.templateId !== undefined) Object.assign(patch, templateSnapshot(approvedTemplate(this.ctx, input.templateId)));
    if (input.signName !== undefined) patch.signName = input.signName;
    if (input.shortLinkId !== undefined) {
      if (input.shortLinkId === null) Object.assign(patch, { shortLinkId: null, shortUrl: '' });
      else {
        const link = shortLink(this.ctx, input.shortLinkId);
        if (!link) throw new AppError('NOT_FOUND', '淘短链不存在。');
        if (Date.parse(link.expiresAt) <= this.now()) throw new AppError('CONFLICT', '这个淘短链已过期，请选择或生成新的短链。');
        Object.assign(patch, { shortLinkId: link.id, shortUrl: link.shortUrl });
      }
    }
    if (input.constants !== undefined) patch.constants = input.constants;
    if (input.scheduledAt !== undefined) patch.scheduledAt = input.scheduledAt;
    if (input.autoResumeNextDay !== undefined) patch.autoResume = input.autoResumeNextDay;
    if (input.frequencyDays !== undefined) patch.frequencyDays = input.frequencyDays;
    // Nullable columns need an explicit null, which updateCampaign skips only for undefined.
    this.store.updateCampaign(c.id, patch, this.iso(), ['draft']);
    if (input.shortLinkId === null) this.ctx.db.prepare('UPDATE campaigns SET short_link_id = NULL WHERE id = ?').run(c.id);
    if (input.scheduledAt === null) this.ctx.db.prepare('UPDATE campaigns SET scheduled_at = NULL WHERE id = ?').run(c.id);
    this.changed(c.id);
    return this.view(c.id);
  }

  delete(id: number): { deleted: true } {
    const c = this.mustGet(id);
    const counts = this.store.counts(id);
    const sentSomething = counts.submitted + counts.rejected + counts.unconfirmed + counts.inFlight > 0;
    if (!(c.state === 'draft' || ((c.state === 'completed' || c.state === 'cancelled') && !sentSomething))) {
      throw new AppError('CONFLICT', '已发送过的任务要保留发送记录，不能删除；只能删除草稿或未发出任何号码的任务。');
    }
    this.store.deleteCampaign(id);
    this.ctx.events.emit('campaigns.changed', { id, state: c.state });
    return { deleted: true };
  }

  async check(id: number): Promise<PreSendCheck> {
    this.mustGet(id);
    // An import whose process died (a CLI killed mid-import) ends as failed here, so the check tells the truth.
    await recoverInterruptedImports(this.ctx, this.now(), { campaignId: id });
    return checkCampaign(
      { ctx: this.ctx, store: this.store, suppression: this.suppression, costs: this.costs, now: this.now, orders: this.orders },
      this.mustGet(id),
    );
  }

  /** 确认发送: re-runs the check (refused while it has errors), then prepares and sends now or at the scheduled time. */
  async start(id: number): Promise<CampaignView> {
    const c = this.mustGet(id);
    this.mustBeDraft(c);
    const result = await this.check(id);
    if (!result.ready) {
      const first = result.items.find((i) => i.severity === 'error');
      throw new AppError('CONFLICT', `发送前检查未通过：${first?.message ?? ''}`, {
        detail: {
          items: result.items
            .filter((i) => i.severity === 'error')
            .map((i) => i.code)
            .join(','),
        },
      });
    }
    this.engine.begin(this.mustGet(id));
    return this.view(id);
  }

  pause(id: number): CampaignView {
    const c = this.mustGet(id);
    if (!this.engine.pause(id)) throw new AppError('CONFLICT', `当前状态（${c.state}）不能暂停。`);
    return this.view(id);
  }

  resume(id: number): CampaignView {
    const c = this.mustGet(id);
    if (c.state === 'paused' && c.reasonCode === 'unconfirmed') throw new AppError('CONFLICT', '只剩未确认号码：请选择“重新发送未确认号码”，或取消。');
    this.engine.assertNotLeasedElsewhere(id);
    if (!this.engine.resume(id)) throw new AppError('CONFLICT', `当前状态（${c.state}）不能继续发送。`);
    return this.view(id);
  }

  cancel(id: number): CampaignView {
    const c = this.mustGet(id);
    if (!this.engine.cancel(id)) throw new AppError('CONFLICT', `当前状态（${c.state}）不能取消。`);
    return this.view(id);
  }

  resendUnconfirmed(id: number): CampaignView {
    const c = this.mustGet(id);
    if (!['paused', 'sending', 'completed'].includes(c.state)) throw new AppError('CONFLICT', `当前状态（${c.state}）不能重新发送。`);
    this.engine.assertNotLeasedElsewhere(id);
    if ((this.store.chunkStateCounts(id).unknown ?? 0) > 0) throw new AppError('CONFLICT', '还有结果未知的批次正在核对，请等核对完成后再决定。');
    const queued = prepareResendRound(this.store, c);
    if (queued === 0) throw new AppError('CONFLICT', '没有未确认的号码。');
    if (c.state === 'sending') this.engine.run(id);
    else if (!this.engine.transition(id, 'sending', null, ['paused', 'completed'], { finishedAt: null })) throw new AppError('CONFLICT', '无法重新发送。');
    else this.engine.run(id);
    if (c.finishedAt) this.ctx.db.prepare('UPDATE campaigns SET finished_at = NULL WHERE id = ?').run(id);
    return this.view(id);
  }

  /**
   * 改时间 of a scheduled campaign: the check is re-run for the new time (quiet hours, 淘短链 expiry, the time itself)
   * and the time is kept only if it passes; the engine's timer then follows the new time.
   */
  async reschedule(id: number, scheduledAt: string): Promise<CampaignView> {
    const c = this.mustGet(id);
    if (c.state !== 'scheduled')
      throw new AppError('CONFLICT', c.state === 'draft' ? '草稿请在“检查”一步选择发送时间。' : '只有还没开始的定时发送可以改时间。');
    if (Date.parse(scheduledAt) <= this.now()) throw new AppError('BAD_REQUEST', '请选择一个将来的发送时间。');
    const result = await checkCampaign(
      { ctx: this.ctx, store: this.store, suppression: this.suppression, costs: this.costs, now: this.now },
      { ...c, scheduledAt },
    );
    const first = result.items.find((i) => i.severity === 'error');
    if (first) throw new AppError('CONFLICT', `新的发送时间没有保存：${first.message}`);
    if (!this.store.updateCampaign(id, { scheduledAt }, this.iso(), ['scheduled'])) throw new AppError('CONFLICT', '该任务已经开始发送，不能再改时间。');
    this.engine.rearm(id);
    this.changed(id);
    return this.view(id);
  }

  /** 修改 of a scheduled campaign (content, list, time): back to draft until the seller confirms it again. */
  edit(id: number): CampaignView {
    const c = this.mustGet(id);
    if (c.state !== 'scheduled') throw new AppError('CONFLICT', c.state === 'draft' ? '该任务已经是草稿，可以直接修改。' : '只有还没开始的定时发送可以修改。');
    if (!this.engine.unschedule(id)) throw new AppError('CONFLICT', '该任务已经开始发送，不能再修改。');
    return this.view(id);
  }

  decideMissed(id: number, action: 'sendNow' | 'reschedule' | 'cancel', at?: string): CampaignView {
    const c = this.mustGet(id);
    if (c.state !== 'missed') throw new AppError('CONFLICT', '该任务没有错过预定时间。');
    if (action === 'cancel') this.engine.cancel(id);
    else if (action === 'sendNow') {
      this.store.updateCampaign(id, { scheduledAt: null }, this.iso());
      this.ctx.db.prepare('UPDATE campaigns SET scheduled_at = NULL WHERE id = ?').run(id);
      if (this.engine.transition(id, 'sending', null, ['missed'], { startedAt: this.iso() })) this.engine.run(id);
    } else {
      if (!at || Date.parse(at) <= this.now()) throw new AppError('BAD_REQUEST', '请选择一个将来的发送时间。');
      if (this.engine.transition(id, 'scheduled', null, ['missed'], { scheduledAt: at })) this.engine.arm(this.mustGet(id));
    }
    return this.view(id);
  }

  /** 发送模板 from the inbox: one approved template to one number, through the same ledger and checks. */
  async sendSingle(input: { phone: string; templateId: number; signName: string; vars: Record<string, string> }): Promise<CampaignView> {
    const template = approvedTemplate(this.ctx, input.templateId);
    const problem = signatureProblem(this.ctx, input.signName, template.type);
    if (problem) throw new AppError('BAD_REQUEST', problem);
    const id = createDraftFromRecipients(this.ctx, this.suppression, {
      name: `单发 ${input.phone.slice(0, 3)}****${input.phone.slice(-4)}`,
      kind: 'single',
      templateId: input.templateId,
      signName: input.signName,
      constants: {},
      recipients: [{ phone: input.phone, vars: input.vars }],
    });
    const counts = this.store.counts(id);
    if (counts.valid === 0) {
      const row = this.store.recipientsPage(id, undefined, undefined, 1, 1).items[0];
      this.store.deleteCampaign(id);
      throw new AppError('BAD_REQUEST', row?.status === 'suppressed' ? `该号码${row.reason}，这条短信不能发给它。` : `号码无效：${row?.reason ?? ''}`);
    }
    return this.start(id);
  }

  private mustHaveOrders(): OrderSource {
    if (!this.orders) throw new AppError('CONFLICT', '订单功能不可用，无法按订单发送。');
    return this.orders;
  }

  /** Marks a draft's recipients as numbers (a file / paste import replaces any order rows). */
  usePhones(id: number) {
    this.store.tx(() => {
      this.store.updateCampaign(id, { audience: 'phones', orderOptions: null }, this.iso(), ['draft']);
      this.forgetSegmentSend(id);
    });
  }

  /** A draft's recipients replaced: a segment send (and control group) an earlier import recorded no longer holds. */
  private forgetSegmentSend(id: number) {
    this.ctx.db.prepare('DELETE FROM audience_control WHERE campaign_id = ?').run(id);
    this.ctx.db.prepare('DELETE FROM audience_sends WHERE campaign_id = ?').run(id);
  }

  /** Replaces the draft's recipients with the buyers of these orders (campaigns.importOrders). */
  importOrders(id: number, input: { tids?: string[]; filter?: OrderFilter; perOrder: boolean; vars?: Record<string, OrderField> }): CampaignView {
    const c = this.mustGet(id);
    this.mustBeDraft(c);
    const orders = this.mustHaveOrders();
    const tids = input.tids ?? ordersMatching(orders.store, input.filter ?? {});
    if (tids.length === 0) throw new AppError('BAD_REQUEST', '没有符合条件的订单。');
    this.replaceWithOrders(
      c.id,
      tids.map((tid) => ({ tid })),
      input.perOrder,
      input.vars ?? {},
      c.templateType,
    );
    this.changed(c.id);
    return this.view(c.id);
  }

  private replaceWithOrders(id: number, picks: readonly OrderPick[], perOrder: boolean, varMap: Record<string, OrderField>, templateType: number | null) {
    const rows = orderRecipientRows(this.mustHaveOrders().store, this.suppression, picks, perOrder, sendScope(templateType));
    const now = this.iso();
    this.store.tx(() => {
      this.ctx.db.prepare('DELETE FROM campaign_recipients WHERE campaign_id = ?').run(id);
      this.forgetSegmentSend(id);
      this.store.insertOrderRecipients(id, rows);
      this.store.updateCampaign(id, { audience: 'orders', orderOptions: { perOrder, varMap } }, now);
      this.ctx.db
        .prepare("UPDATE campaigns SET rows_total = ?, import_state = 'done', import_error = '', source = NULL, mapping = NULL WHERE id = ?")
        .run(rows.length, id);
    });
  }

  /**
   * The API automations (issue 18) and audiences (issue 19) send through: a campaign to the buyers of these orders,
   * by OAID, through the same ledger, checks and suppression as any other. startNow runs the check and starts it.
   */
  async createOrderSend(input: OrderSendInput): Promise<CampaignView> {
    const id = this.createOrderDraft(input);
    return input.startNow ? this.start(id) : this.view(id);
  }

  /**
   * createOrderSend's draft, synchronously (no call to the platform): automations create it inside the transaction
   * that commits their decision, so the decision and the campaign carrying it exist together or not at all.
   */
  createOrderDraft(input: Omit<OrderSendInput, 'startNow'>): number {
    this.mustHaveOrders();
    const templateId = templateIdByCode(this.ctx, input.templateCode);
    if (templateId === null) throw new AppError('NOT_FOUND', `本地没有模板 ${input.templateCode}，请先导入已通过的模板。`);
    const template = approvedTemplate(this.ctx, templateId);
    const problem = signatureProblem(this.ctx, input.signName, template.type);
    if (problem) throw new AppError('BAD_REQUEST', problem);
    if (input.orders.length === 0) throw new AppError('BAD_REQUEST', '没有要发送的订单。');
    const now = this.iso();
    const id = this.store.tx(() => {
      const created = this.store.insertCampaign({
        name: input.name.trim() || defaultCampaignName(new Date(this.now())),
        kind: input.kind,
        audience: 'orders',
        frequencyDays: input.frequencyDays ?? this.ctx.settings.get().sending.frequencyDays,
        now,
      });
      this.store.updateCampaign(created, { ...templateSnapshot(template), signName: input.signName, meta: input.meta ?? {} }, now);
      return created;
    });
    this.replaceWithOrders(id, input.orders, input.perOrder, input.varMap ?? {}, template.type);
    this.changed(id);
    return id;
  }

  /** Each order row of a campaign with its outcome (accepted = the platform took it; delivery is history's). */
  orderOutcomes(campaignId: number): OrderOutcome[] {
    this.mustGet(campaignId);
    return this.ctx.db
      .prepare('SELECT tid, status, reason, biz_id AS bizId FROM campaign_recipients WHERE campaign_id = ? AND tid IS NOT NULL ORDER BY row_no, id')
      .all(campaignId) as OrderOutcome[];
  }

  /** Every SMS of this shop for an order (any campaign), newest first: the order detail's messages. */
  sendsForOrder(tid: string): OrderMessage[] {
    const rows = this.ctx.db
      .prepare(
        `SELECT c.id AS campaignId, c.name AS campaignName, c.kind AS campaignKind, c.template_code AS templateCode, c.template_name AS templateName,
                r.status, r.reason, r.delivery, r.err_code AS errCode, COALESCE(r.submitted_at, c.started_at, c.created_at) AS at
           FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
          WHERE r.shop_id = ? AND r.tid = ? ORDER BY at DESC, r.id DESC`,
      )
      .all(this.ctx.shopId, tid) as Array<Omit<OrderMessage, 'at'> & { at: string }>;
    return rows.map((r) => ({ ...r, at: beijingText(r.at) }));
  }

  /**
   * 测试发送: the draft's message, rendered with its first number's values, to the seller's own numbers. A single send
   * of its own (test_of = the campaign), so the campaign's figures stay what they are; the frequency guard is off for
   * it and it does not feed the guard. The numbers are kept in settings for the next time.
   */
  async testSend(id: number, rawPhones: readonly string[]): Promise<CampaignView> {
    const c = this.mustGet(id);
    if (c.testOf !== null) throw new AppError('BAD_REQUEST', '测试发送本身不能再测试发送。');
    if (!c.templateCode || c.templateId === null) throw new AppError('BAD_REQUEST', '请先选择已通过的模板。');
    if (!c.signName) throw new AppError('BAD_REQUEST', '请先选择短信签名。');
    const phones: string[] = [];
    for (const raw of rawPhones) {
      const result = normalizePhone(raw);
      if (!result.ok) throw new AppError('BAD_REQUEST', `测试号码“${raw.slice(0, 32)}”无效：${result.reason}`);
      if (!phones.includes(result.phone)) phones.push(result.phone);
    }
    const first = this.store.recipientBatch(id, ['valid', 'queued', 'accepted'], 0, 1)[0];
    const testId = createDraftFromRecipients(this.ctx, this.suppression, {
      name: `测试发送：${c.name}`.slice(0, 100),
      kind: 'single',
      templateId: c.templateId,
      signName: c.signName,
      constants: c.constants,
      shortLinkId: c.shortLinkId,
      frequencyDays: 0,
      recipients: phones.map((phone) => ({ phone, vars: first?.vars ?? {} })),
    });
    this.store.updateCampaign(testId, { testOf: id }, this.iso());
    this.ctx.settings.update('sending', { ...this.ctx.settings.get().sending, testNumbers: phones });
    const counts = this.store.counts(testId);
    if (counts.valid === 0) {
      const rows = this.store.recipientsPage(testId, undefined, undefined, 1, 5).items;
      this.store.deleteCampaign(testId);
      throw new AppError('BAD_REQUEST', `测试号码都不能发送：${rows.map((r) => `${r.phone} ${r.reason}`).join('；')}`);
    }
    return this.start(testId);
  }

  /** The saved test numbers and the test sends of one campaign, newest first. */
  testSends(id: number): TestSends {
    this.mustGet(id);
    const ids = this.ctx.db
      .prepare('SELECT id FROM campaigns WHERE shop_id = ? AND test_of = ? ORDER BY id DESC LIMIT 20')
      .pluck()
      .all(this.ctx.shopId, id) as number[];
    const delivery = this.history.countsByCampaign(ids);
    const sends = ids.map((testId) => {
      const view = campaignView(this.store, this.mustGet(testId), delivery.get(testId) ?? { ...ZERO_DELIVERY });
      const phones = this.store.recipientsPage(testId, undefined, undefined, 1, 5).items.map((r) => r.phone || r.raw);
      return { id: view.id, state: view.state, reason: view.reason, counts: view.counts, delivery: view.delivery, createdAt: view.createdAt, phones };
    });
    return { numbers: this.ctx.settings.get().sending.testNumbers, sends };
  }

  private changed(id: number) {
    const c = this.store.campaign(id);
    if (c) this.ctx.events.emit('campaigns.changed', { id, state: c.state });
  }

  /** For a paused campaign: its reason as the seller sees it. */
  static reasonText(c: CampaignRow): string {
    return c.reason || (c.reasonCode ? pauseReason(c.reasonCode).message : '');
  }
}
