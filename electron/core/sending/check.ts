import type { CheckItem, NoOaidCode, OrderCheck, PreSendCheck, PreviewMessage } from '../../../shared/sending/contract';
import { maskTid } from '../../../shared/orders/fields';
import { missingOrderVariable, noOaidOf, orderParams, SAME_BUYER_REASON, type OrderSource } from './orders';
import { formatBeijing, isInsideWindow, nextWindowOpen, windowCloseAt, type DailyWindow } from '../../../shared/time/beijing';
import { checkMessage, DEFAULT_SMS_RULES_CONFIG, extractVariables, measureSms, segmentsFor } from '../../../shared/sms';
import type { CoreContext } from '../context';
import { recipientParams, shortLink, signatureProblem, usesUrl } from './drafts';
import { CHUNK_SIZE } from './plan';
import type { CampaignRow, SendingStore } from './store';
import { sendScope, type SuppressionStore } from '../suppression/store';
import { ownValue } from '../../../shared/records';
import type { CostLedger } from '../costs/ledger';

const ROWS_SHOWN = 20;
const PREVIEWS = 5;
/** Full lint (links, forbidden words, value lengths) for this many distinct value sets; lengths for every row. */
const LINTED_ROWS = 2_000;
const BATCH = 5_000;
const DAY_MS = 86_400_000;

/** ${name} → value, no findings (the fast path for 1M rows; checkMessage does the full lint on a sample). */
export function renderFast(content: string, values: Record<string, string>): string {
  return content.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => ownValue(values, name) ?? whole);
}

/**
 * Billed segments of 【sign】+text, as measureSms counts them, without its per-character allocations: text without
 * surrogates (almost all) counts one per UTF-16 unit; anything else goes through measureSms.
 */
export function segmentsOf(signName: string, text: string, type: number): number {
  if (/[\uD800-\uDFFF]/.test(text) || /[\uD800-\uDFFF]/.test(signName)) return measureSms(signName, text, { type }).segments;
  const suffix = type === 2 ? DEFAULT_SMS_RULES_CONFIG.length.marketingAutoSuffix.length : 0;
  return segmentsFor((signName ? signName.length + 2 : 0) + text.length + suffix);
}

/** Estimated end: numbers / (QPS × 200 per call), for the short-link expiry and the quiet-hours warning. */
export function estimatedDurationMs(numbers: number, qps: number): number {
  return Math.ceil(numbers / CHUNK_SIZE / Math.max(qps, 0.01)) * 1000;
}

export interface CheckDeps {
  ctx: Pick<CoreContext, 'db' | 'shopId' | 'settings'>;
  store: SendingStore;
  suppression: SuppressionStore;
  /** Prices and the balance: the check estimates what the send costs. */
  costs: CostLedger;
  now: () => number;
  /** Order campaigns: OAIDs are fetched here (cached per natural week, reused by the send). */
  orders?: OrderSource;
  /** At most this many OAID look-ups (default CHECK_OAID_LOOKUPS). */
  oaidLookups?: number;
}

const OAID_FETCH_PARALLEL = 4;
/**
 * OAIDs the check fetches at most (each uncached one is a trade.fullinfo.get on the shared limiter): a big selection
 * is checked on its first orders, the rest get theirs right before their chunk and are skipped there if they have none.
 */
export const CHECK_OAID_LOOKUPS = 500;

/** 检查: everything the seller confirms before the send. Writes each row's segments (used by the summary). */
export async function checkCampaign(deps: CheckDeps, c: CampaignRow): Promise<PreSendCheck> {
  const { ctx, store } = deps;
  const settings = ctx.settings.get();
  const items: CheckItem[] = [];
  const add = (item: CheckItem) => items.push(item);
  const type = c.templateType ?? 1;
  const now = deps.now();
  const startAt = c.scheduledAt ? Date.parse(c.scheduledAt) : now;

  // The list comes first: a draft whose import did not finish has nothing else worth checking yet.
  if (c.importState === 'running') add({ severity: 'error', code: 'import-running', message: '号码还在导入中，请稍候。' });
  else if (c.importState === 'failed' || c.importState === 'cancelled')
    add({
      severity: 'error',
      code: 'import-unfinished',
      message: `${c.importError || (c.importState === 'cancelled' ? '导入已取消。' : '导入失败。')}请重新导入号码。`,
    });
  if (!c.templateCode) add({ severity: 'error', code: 'template-missing', message: '请选择已通过的模板。' });
  const signProblem = c.templateCode ? signatureProblem(ctx, c.signName, type) : null;
  if (signProblem) add({ severity: 'error', code: 'signature', message: signProblem });

  const names = extractVariables(c.templateContent);
  const missingRows = new Map<string, number[]>();
  const missingCount = new Map<string, number>();
  const lintIssues = new Map<string, { severity: 'error' | 'warning'; message: string; rows: number[]; count: number }>();
  const previews: PreviewMessage[] = [];
  let segMin = Number.POSITIVE_INFINITY;
  let segMax = 0;
  let segTotal = 0;
  let overMax = 0;
  const overMaxRows: number[] = [];
  const linted = new Set<string>();
  const phones: string[] = [];
  const byOrder = c.audience === 'orders';
  const orderRows: Array<{ id: number; tid: string; buyer: string | null; key: string }> = [];
  const missingVars = new Map<string, { variable: string; field: string; count: number }>();
  /** Billed segments of each number, in the order of `phones`. */
  const phoneSegments: number[] = [];

  for (let after = 0; ;) {
    const rows = store.recipientBatch(c.id, ['valid', 'queued'], after, BATCH);
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;
    const segments: Array<{ id: number; segments: number }> = [];
    for (const r of rows) {
      if (byOrder) {
        // A missing value skips the order (with its reason), it does not stop the send.
        const missing = missingOrderVariable(c, r, names);
        if (missing) {
          const entry = missingVars.get(missing.variable) ?? { ...missing, count: 0 };
          entry.count++;
          missingVars.set(missing.variable, entry);
          continue;
        }
        orderRows.push({ id: r.id, tid: r.tid!, buyer: r.buyerOpenUid, key: r.phone });
      }
      phones.push(r.phone);
      const values = byOrder ? orderParams(c, r, names) : recipientParams(c, r.vars, names);
      for (const name of names) {
        if (name === 'url' && c.shortLinkId) continue;
        if (!ownValue(values, name)?.trim()) {
          const list = missingRows.get(name) ?? [];
          if (list.length < ROWS_SHOWN) list.push(r.rowNo);
          missingRows.set(name, list);
          missingCount.set(name, (missingCount.get(name) ?? 0) + 1);
        }
      }
      const text = renderFast(c.templateContent, values);
      const n = segmentsOf(c.signName, text, type);
      segments.push({ id: r.id, segments: n });
      phoneSegments.push(n);
      segMin = Math.min(segMin, n);
      segMax = Math.max(segMax, n);
      segTotal += n;
      // Only a long message can pass the 500-character limit: measure those exactly.
      if (n >= 7 && measureSms(c.signName, text, { type }).overMax) {
        overMax++;
        if (overMaxRows.length < ROWS_SHOWN) overMaxRows.push(r.rowNo);
      }
      if (previews.length < PREVIEWS) {
        const length = measureSms(c.signName, text, { type });
        previews.push({
          phone: byOrder ? maskTid(r.tid ?? '') : r.phone,
          text: `【${c.signName}】${text}`,
          chars: length.totalChars,
          segments: length.segments,
        });
      }
      const key = JSON.stringify(values);
      if (linted.size < LINTED_ROWS && !linted.has(key) && c.templateCode) {
        linted.add(key);
        const report = checkMessage({ signName: c.signName, content: c.templateContent, type, values });
        for (const f of report.findings) {
          // Missing values and the template's own marketing notes are reported once, below / at template level.
          if (f.rule === 'variable-missing-value' || f.rule === 'variable-value-empty' || f.severity === 'info' || f.field === 'signName') continue;
          const issue = lintIssues.get(f.message) ?? { severity: f.severity === 'error' ? 'error' : 'warning', message: f.message, rows: [], count: 0 };
          issue.count++;
          if (issue.rows.length < ROWS_SHOWN) issue.rows.push(r.rowNo);
          lintIssues.set(f.message, issue);
        }
      }
    }
    store.tx(() => store.setSegments(segments));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  for (const [name, rows] of missingRows) {
    const count = missingCount.get(name)!;
    add({
      severity: 'error',
      code: 'variable-missing',
      message: `${count} 个号码缺少变量 \${${name}} 的值（第 ${rows.join('、')}${count > rows.length ? ' 等' : ''} 行）。请在映射中选择列或填写常量。`,
      rows,
      count,
    });
  }
  for (const issue of lintIssues.values()) {
    // Values that are too long are warnings (the platform's limit is not published); rendered length over 500 is below.
    add({ severity: issue.severity === 'error' ? 'error' : 'warning', code: 'variable-lint', message: issue.message, rows: issue.rows, count: issue.count });
  }
  if (overMax > 0) add({ severity: 'error', code: 'too-long', message: `${overMax} 条短信超过 500 字上限，平台会拒收。`, rows: overMaxRows, count: overMax });

  if (phones.length === 0 && !byOrder) add({ severity: 'error', code: 'no-recipients', message: '没有可发送的号码。' });

  // 免打扰名单 entries added since the import, and 退订 numbers when this is marketing: preparation skips them.
  const listed = new Set<string>();
  const reasons = { optout: 0, block: 0 };
  if (byOrder) {
    const buyers = orderRows.flatMap((r) => (r.buyer ? [r.buyer] : []));
    const blocked = new Map<string, { reason: 'optout' | 'block' }>();
    for (let i = 0; i < buyers.length; i += BATCH)
      for (const [buyer, entry] of deps.suppression.filterSuppressedBuyers(buyers.slice(i, i + BATCH), sendScope(type))) blocked.set(buyer, entry);
    for (const r of orderRows) {
      const entry = r.buyer ? blocked.get(r.buyer) : undefined;
      if (!entry) continue;
      listed.add(r.key);
      reasons[entry.reason]++;
    }
  } else {
    for (let i = 0; i < phones.length; i += BATCH) {
      for (const [phone, entry] of deps.suppression.filterSuppressed(phones.slice(i, i + BATCH), sendScope(type))) {
        listed.add(phone);
        reasons[entry.reason]++;
      }
    }
  }
  const doNotSendSkipped = listed.size;
  if (doNotSendSkipped > 0) {
    const what = byOrder ? '笔订单的买家' : '个号码';
    add({
      severity: 'info',
      code: 'do-not-send',
      message: `${doNotSendSkipped} ${what}在免打扰名单中，将跳过（退订 ${reasons.optout}，拉黑 ${reasons.block}）。${type === 2 ? '退订的号码不再收营销短信。' : ''}`,
      count: doNotSendSkipped,
    });
  }
  let sendable = listed.size ? phones.filter((p) => !listed.has(p)) : phones;
  const orderCheck = byOrder
    ? await checkOrders(
        deps,
        c,
        orderRows.filter((r) => !listed.has(r.key)),
        missingVars,
        add,
      )
    : null;
  if (orderCheck) {
    const noOaid = new Set(orderCheck.noOaidKeys);
    sendable = sendable.filter((key) => !noOaid.has(key));
    if (sendable.length === 0) add({ severity: 'error', code: 'no-recipients', message: '没有可发送的订单。' });
  }

  // Frequency guard (marketing): numbers — or, for order rows, buyers — this shop already sent marketing to within N days are skipped.
  const recentlySent = new Set<string>();
  if (type === 2 && c.frequencyDays > 0 && sendable.length) {
    const since = new Date(now - c.frequencyDays * DAY_MS).toISOString();
    if (byOrder) {
      const goes = new Set(sendable);
      const rows = orderRows.filter((r) => r.buyer && goes.has(r.key));
      for (let i = 0; i < rows.length; i += BATCH) {
        const slice = rows.slice(i, i + BATCH);
        const recent = store.recentlySentMarketingBuyers(
          slice.map((r) => r.buyer!),
          since,
          c.id,
        );
        for (const r of slice) if (recent.has(r.buyer!)) recentlySent.add(r.key);
      }
    } else {
      for (let i = 0; i < sendable.length; i += BATCH)
        for (const phone of store.recentlySentMarketing(sendable.slice(i, i + BATCH), since, c.id)) recentlySent.add(phone);
    }
  }
  const frequencySkipped = recentlySent.size;
  if (frequencySkipped > 0) {
    const who = byOrder ? '买家' : '号码';
    add({
      severity: 'warning',
      code: 'frequency-guard',
      message: `${frequencySkipped} ${byOrder ? '笔订单的买家' : '个号码'}在 ${c.frequencyDays} 天内已收到本店营销短信，将跳过（同一${who} ${c.frequencyDays} 天内已收到本店营销短信）。`,
      count: frequencySkipped,
    });
  }
  const finalRecipients = Math.max(0, sendable.length - frequencySkipped);

  // 费用: billed segments of the numbers that will really go out, at the current price, against the balance.
  let finalSegments = 0;
  const goesOut = new Set(sendable);
  phones.forEach((phone, i) => {
    if (goesOut.has(phone) && !recentlySent.has(phone)) finalSegments += phoneSegments[i]!;
  });
  const cost = deps.costs.estimate(finalSegments, type);
  const balanceText =
    cost.balanceYuan === null ? '未设置余额（可在“费用”中填写）' : `余额 ${cost.balanceYuan.toFixed(2)} 元，可发送约 ${cost.affordableSegments ?? '不限'} 条`;
  add({
    severity: cost.overBalance ? 'warning' : 'info',
    code: cost.overBalance ? 'balance' : 'cost',
    message: `预计按 ${cost.segments} 条短信计费，约 ${cost.yuan.toFixed(2)} 元（${cost.unitPrice} 元/条）。${balanceText}${cost.overBalance ? '，不够本次发送：余额用完后平台会拒发（余额不足），群发将暂停。' : '。'}`,
    count: cost.segments,
  });
  const durationMs = estimatedDurationMs(finalRecipients, settings.top.qps);

  // 淘短链 for ${url}.
  if (usesUrl(c.templateContent)) {
    const link = c.shortLinkId ? shortLink(ctx, c.shortLinkId) : null;
    if (!link) add({ severity: 'error', code: 'short-link-missing', message: '模板含 ${url}，请选择或生成一个淘短链。' });
    else if (Date.parse(link.expiresAt) <= startAt + durationMs) {
      add({
        severity: 'error',
        code: 'short-link-expiry',
        message: `淘短链将于 ${formatBeijing(Date.parse(link.expiresAt))}（北京时间）过期，早于本次发送预计结束时间 ${formatBeijing(startAt + durationMs)}，请换一个新的短链。`,
      });
    }
  }

  const window: DailyWindow = settings.sending.marketingWindow;
  const applies = type === 2;
  const openNow = !applies || isInsideWindow(window, startAt);
  if (applies) {
    if (!openNow) {
      const opens = nextWindowOpen(window, startAt);
      add({
        severity: 'warning',
        code: 'quiet-hours',
        message: `营销短信只在每天 ${window.start}–${window.end}（北京时间）发送。${c.scheduledAt ? '预定时间' : '现在'}不在时段内，${c.autoResume ? `将于 ${formatBeijing(opens)} 自动开始发送` : `不会自动开始：${formatBeijing(opens)} 之后需要手动继续（或勾选“次日自动续发”）`}。`,
      });
    } else {
      const closes = windowCloseAt(window, startAt);
      if (closes !== null && startAt + durationMs > closes) {
        add({
          severity: 'warning',
          code: 'quiet-hours',
          message: `预计发送需要约 ${Math.ceil(durationMs / 60_000)} 分钟，将在 ${window.end} 前发不完：到点暂停，${c.autoResume ? '次日时段开始后自动续发' : '需要手动继续'}。`,
        });
      }
    }
  }
  if (c.scheduledAt && Date.parse(c.scheduledAt) <= now) add({ severity: 'error', code: 'schedule-past', message: '预定时间已过，请重新选择或改为立即发送。' });
  const counts = store.counts(c.id);
  if (counts.duplicate || counts.invalid || counts.suppressed) {
    add({
      severity: 'info',
      code: 'import-summary',
      message: `已排除：重复 ${counts.duplicate}，无效 ${counts.invalid}，在免打扰名单中 ${counts.suppressed}。`,
    });
  }

  const segments = { min: phones.length ? segMin : 0, max: segMax, total: segTotal };
  store.updateCampaign(c.id, { segmentsMin: segments.min, segmentsMax: segments.max, segmentsTotal: segments.total }, new Date(now).toISOString());
  const order = { error: 0, warning: 1, info: 2 } as const;
  items.sort((a, b) => order[a.severity] - order[b.severity]);
  return {
    ready: !items.some((i) => i.severity === 'error'),
    items,
    counts,
    frequencySkipped,
    doNotSendSkipped,
    finalRecipients,
    segments,
    cost,
    previews,
    sendingWindow: {
      applies,
      start: window.start,
      end: window.end,
      openNow,
      nextOpenAt: applies && !openNow ? new Date(nextWindowOpen(window, startAt)).toISOString() : null,
    },
    scheduledAt: c.scheduledAt,
    orders: orderCheck
      ? {
          ...orderCheck.summary,
          orders: sendable.length,
          buyers: new Set(orderRows.filter((r) => sendable.includes(r.key)).map((r) => r.buyer ?? r.key)).size,
          suppressedBuyers: doNotSendSkipped,
          sameBuyer: countWithReason(store, c.id, SAME_BUYER_REASON),
        }
      : null,
  };
}

function countWithReason(store: SendingStore, campaignId: number, reason: string): number {
  return store.db.prepare('SELECT COUNT(*) FROM campaign_recipients WHERE campaign_id = ? AND reason = ?').pluck().get(campaignId, reason) as number;
}

/**
 * Order campaigns: every sendable order's OAID (fetched now, cached per natural week for the send), grouped by why
 * one is missing; variables without a value. A refusal of the whole send (trade APIs refused on this PC, offline) is
 * an error: nothing could go.
 */
async function checkOrders(
  deps: CheckDeps,
  c: CampaignRow,
  rows: ReadonlyArray<{ id: number; tid: string; key: string }>,
  missingVars: ReadonlyMap<string, { variable: string; field: string; count: number }>,
  add: (item: CheckItem) => void,
): Promise<{ summary: Omit<OrderCheck, 'orders' | 'buyers' | 'suppressedBuyers' | 'sameBuyer'>; noOaidKeys: string[] }> {
  const { store } = deps;
  const byCode = new Map<NoOaidCode, { message: string; count: number }>();
  const noOaidKeys: string[] = [];
  let refused: ReturnType<typeof noOaidOf> | null = null;
  const missing = (r: { id: number; key: string }, problem: ReturnType<typeof noOaidOf>) => {
    const entry = byCode.get(problem.code) ?? { message: problem.message, count: 0 };
    entry.count++;
    byCode.set(problem.code, entry);
    noOaidKeys.push(r.key);
    if (!problem.campaignLevel) store.setOaid(r.id, null, problem.code);
  };
  if (!deps.orders) refused = { code: 'not-configured', message: '订单功能不可用，无法按订单发送。', campaignLevel: true };
  let oaidLater = 0;
  for (let i = 0; i < rows.length; i += OAID_FETCH_PARALLEL) {
    const batch = rows.slice(i, i + OAID_FETCH_PARALLEL);
    if (!refused && i >= (deps.oaidLookups ?? CHECK_OAID_LOOKUPS)) {
      oaidLater += batch.length;
      continue;
    }
    if (refused) {
      for (const r of batch) missing(r, refused);
      continue;
    }
    const results = await Promise.allSettled(batch.map((r) => deps.orders!.oaidFor(r.tid)));
    store.tx(() =>
      results.forEach((result, k) => {
        const r = batch[k]!;
        if (result.status === 'fulfilled') return store.setOaid(r.id, result.value.oaid, null);
        const problem = noOaidOf(result.reason);
        if (problem.campaignLevel) refused ??= problem;
        missing(r, problem);
      }),
    );
  }
  const noOaidReasons = [...byCode].map(([code, v]) => ({ code, message: v.message, count: v.count }));
  for (const reason of noOaidReasons) {
    const level = reason.code === 'trade-api-restricted' || reason.code === 'not-configured' || reason.code === 'network';
    add({
      severity: level ? 'error' : 'warning',
      code: level ? 'oaid-unavailable' : 'no-oaid',
      message: level ? `取不到 OAID，无法按订单发送：${reason.message}` : `${reason.count} 笔订单没有 OAID，将跳过：${reason.message}`,
      count: reason.count,
    });
  }
  if (oaidLater > 0) {
    add({
      severity: 'info',
      code: 'oaid-later',
      message: `订单较多：已为前 ${rows.length - oaidLater} 笔获取 OAID，其余 ${oaidLater} 笔在发送前获取，没有 OAID 的届时跳过。`,
      count: oaidLater,
    });
  }
  const missingReasons = [...missingVars.values()].map((m) => ({ variable: m.variable, field: m.field, count: m.count }));
  for (const m of missingReasons) {
    add({
      severity: 'warning',
      code: 'variable-missing',
      message: `${m.count} 笔订单缺少变量 \${${m.variable}} 的值${m.field ? `（订单字段 ${m.field} 为空）` : '（没有对应的订单字段或常量）'}，将跳过。`,
      count: m.count,
    });
  }
  return {
    summary: { noOaid: noOaidKeys.length, noOaidReasons, oaidLater, missingVariables: missingReasons.reduce((n, m) => n + m.count, 0), missingReasons },
    noOaidKeys,
  };
}
