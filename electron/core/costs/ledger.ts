import type { Statement } from 'better-sqlite3';
import {
  COST_KINDS,
  DEFAULT_PRICE_YUAN,
  type BalanceView,
  type CostKind,
  type CostSettingsView,
  type SendCostEstimate,
  type SpendLine,
  type SpendReport,
} from '../../../shared/costs/contract';
import { beijingDayKey, beijingDayStart } from '../../../shared/time/beijing';
import type { CoreContext } from '../context';

/** Money is kept in 1/10,000 yuan (prices like 0.0375 元/条 stay exact); shown in yuan with 2 decimals. */
const E4 = 10_000;
export const DEFAULT_PRICE_E4 = Math.round(DEFAULT_PRICE_YUAN * E4);
export const toE4 = (yuan: number) => Math.round(yuan * E4);
const yuanOf = (e4: number) => Math.round(e4 / 100) / 100;
/** Segments at a price, in yuan rounded to the fen. */
export const costYuan = (segments: number, priceE4: number) => yuanOf(segments * priceE4);

export const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

/** [from, to) of one Beijing month 'yyyy-MM' as ISO UTC (the form submitted_at is stored in), or all time. */
export function monthRange(month?: string | null): { from: string; to: string } {
  if (!month) return { from: '', to: FAR_FUTURE };
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: new Date(beijingDayStart(`${month}-01`)).toISOString(), to: new Date(beijingDayStart(`${next}-01`)).toISOString() };
}

export function costKindOf(templateType: number | null): CostKind {
  return templateType === 2 ? 'marketing' : 'notification';
}

/** One group of accepted numbers: a campaign's numbers in one UTC hour (Beijing days and months are whole hours). */
interface SpendRow {
  campaignId: number;
  name: string;
  kind: string;
  templateCode: string;
  templateName: string;
  hour: string;
  segments: number;
  costE4: number;
}

const line = (g: { segments: number; costE4: number }): SpendLine => ({ segments: g.segments, yuan: yuanOf(g.costE4) });

/**
 * Prices, the balance and spend of one shop. Spend = billed segments (campaign_recipients.segments, set when the send
 * was prepared) of numbers the platform accepted × the price of their kind at the time they were accepted
 * (cost_prices keeps every change), optionally without numbers whose delivery failed (setting).
 */
export class CostLedger {
  private readonly spendStatements = new Map<string, Statement>();

  constructor(private readonly ctx: Pick<CoreContext, 'db' | 'shopId' | 'settings' | 'clock'>) {}

  private get db() {
    return this.ctx.db;
  }

  private countFailed(): boolean {
    return this.ctx.settings.get().costs.countFailedDeliveries;
  }

  /** Current price per segment of each kind (1/10,000 yuan) and whether it is still the default. */
  prices(): Record<CostKind, { e4: number; isDefault: boolean }> {
    const current = (kind: CostKind) =>
      this.db
        .prepare('SELECT price_e4 FROM cost_prices WHERE shop_id = ? AND kind = ? ORDER BY from_at DESC, id DESC LIMIT 1')
        .pluck()
        .get(this.ctx.shopId, kind) as number | undefined;
    return Object.fromEntries(COST_KINDS.map((kind) => [kind, { e4: current(kind) ?? DEFAULT_PRICE_E4, isDefault: current(kind) === undefined }])) as Record<
      CostKind,
      { e4: number; isDefault: boolean }
    >;
  }

  /** A new price from now on; the first price entered for a kind replaces the default for the past too. */
  setPrice(kind: CostKind, e4: number): void {
    const prices = this.prices();
    if (!prices[kind].isDefault && prices[kind].e4 === e4) return;
    const from = prices[kind].isDefault ? '' : new Date(this.ctx.clock.now()).toISOString();
    this.db.prepare('INSERT INTO cost_prices (shop_id, kind, price_e4, from_at) VALUES (?, ?, ?, ?)').run(this.ctx.shopId, kind, e4, from);
  }

  /** Spend rows accepted in [from, to), of one campaign or of all (a campaign's read its own rows by index only). */
  private spendRows(fromIso: string, toIso: string, campaignId: number | null = null): SpendRow[] {
    const countFailed = this.countFailed();
    const key = `${countFailed}:${campaignId === null ? 'all' : 'one'}`;
    let statement = this.spendStatements.get(key);
    if (!statement) {
      // Each price row holds from its from_at until the next row of its kind; a kind never priced uses the default.
      statement = this.db.prepare(`
        WITH entered AS (
          SELECT id, kind, price_e4, from_at FROM cost_prices WHERE shop_id = @shop
          UNION ALL SELECT 0, k.kind, @defaultPrice, '' FROM (SELECT 'notification' AS kind UNION ALL SELECT 'marketing') k
            WHERE NOT EXISTS (SELECT 1 FROM cost_prices p WHERE p.shop_id = @shop AND p.kind = k.kind)
        ),
        periods AS (SELECT kind, price_e4, from_at, LEAD(from_at) OVER (PARTITION BY kind ORDER BY from_at, id) AS to_at FROM entered)
        SELECT r.campaign_id AS campaignId, c.name AS name, c.kind AS kind, c.template_code AS templateCode, c.template_name AS templateName,
          substr(r.submitted_at, 1, 13) AS hour, SUM(COALESCE(r.segments, 1)) AS segments, SUM(COALESCE(r.segments, 1) * p.price_e4) AS costE4
        FROM campaign_recipients r
        JOIN campaigns c ON c.id = r.campaign_id
        JOIN periods p ON p.kind = CASE WHEN c.template_type = 2 THEN 'marketing' ELSE 'notification' END
          AND r.submitted_at >= p.from_at AND (p.to_at IS NULL OR r.submitted_at < p.to_at)
        WHERE r.shop_id = @shop AND r.status = 'accepted' AND r.submitted_at >= @from AND r.submitted_at < @to
          ${campaignId === null ? '' : 'AND r.campaign_id = @campaign'}
          ${countFailed ? '' : "AND r.delivery IS NOT 'failed'"}
        GROUP BY r.campaign_id, hour, p.price_e4`);
      this.spendStatements.set(key, statement);
    }
    return statement.all({
      shop: this.ctx.shopId,
      defaultPrice: DEFAULT_PRICE_E4,
      from: fromIso,
      to: toIso,
      ...(campaignId === null ? {} : { campaign: campaignId }),
    }) as SpendRow[];
  }

  /** What one campaign cost (all time): reads only that campaign's rows. */
  campaignSpend(campaignId: number): SpendLine {
    const rows = this.spendRows('', FAR_FUTURE, campaignId);
    return line(rows.reduce((t, r) => ({ segments: t.segments + r.segments, costE4: t.costE4 + r.costE4 }), { segments: 0, costE4: 0 }));
  }

  /** Spend of one Beijing month ('yyyy-MM') or of all time. */
  spend(month?: string): SpendReport {
    const { from, to } = monthRange(month);
    const rows = this.spendRows(from, to);
    const groups = <K>(keyOf: (r: SpendRow, day: string) => K) => {
      const map = new Map<K, { segments: number; costE4: number; first: SpendRow }>();
      for (const r of rows) {
        const day = beijingDayKey(Date.parse(`${r.hour}:00:00.000Z`));
        const key = keyOf(r, day);
        const g = map.get(key) ?? { segments: 0, costE4: 0, first: r };
        g.segments += r.segments;
        g.costE4 += r.costE4;
        map.set(key, g);
      }
      return map;
    };
    const total = rows.reduce((t, r) => ({ segments: t.segments + r.segments, costE4: t.costE4 + r.costE4 }), { segments: 0, costE4: 0 });
    const bySpend = <T extends SpendLine>(a: T, b: T) => b.yuan - a.yuan || b.segments - a.segments;
    return {
      month: month ?? null,
      ...line(total),
      countFailedDeliveries: this.countFailed(),
      byTemplate: [...groups((r) => r.templateCode).entries()]
        .map(([template, g]) => ({ template, templateName: g.first.templateName, ...line(g) }))
        .sort((a, b) => bySpend(a, b) || a.template.localeCompare(b.template)),
      byCampaign: [...groups((r) => r.campaignId).entries()]
        .map(([campaignId, g]) => ({ campaignId, name: g.first.name, kind: g.first.kind, templateCode: g.first.templateCode, ...line(g) }))
        .sort((a, b) => b.campaignId - a.campaignId),
      byDay: [...groups((_, day) => day).entries()].map(([day, g]) => ({ day, ...line(g) })).sort((a, b) => a.day.localeCompare(b.day)),
      byMonth: [...groups((_, day) => day.slice(0, 7)).entries()].map(([m, g]) => ({ month: m, ...line(g) })).sort((a, b) => a.month.localeCompare(b.month)),
    };
  }

  private balanceE4(): { e4: number; setAt: string; spentE4: number } | null {
    const set = this.db
      .prepare("SELECT id, amount_e4, at FROM cost_balance WHERE shop_id = ? AND kind = 'set' ORDER BY id DESC LIMIT 1")
      .get(this.ctx.shopId) as { id: number; amount_e4: number; at: string } | undefined;
    if (!set) return null;
    const topUps = this.db
      .prepare("SELECT COALESCE(SUM(amount_e4), 0) FROM cost_balance WHERE shop_id = ? AND kind = 'topup' AND id > ?")
      .pluck()
      .get(this.ctx.shopId, set.id) as number;
    const spentE4 = this.spendRows(set.at, FAR_FUTURE).reduce((sum, r) => sum + r.costE4, 0);
    return { e4: set.amount_e4 + topUps - spentE4, setAt: set.at, spentE4 };
  }

  balance(): BalanceView {
    const b = this.balanceE4();
    return b ? { yuan: yuanOf(b.e4), setAt: b.setAt, spentYuan: yuanOf(b.spentE4) } : { yuan: null, setAt: null, spentYuan: 0 };
  }

  setBalance(e4: number): void {
    this.db
      .prepare("INSERT INTO cost_balance (shop_id, kind, amount_e4, at) VALUES (?, 'set', ?, ?)")
      .run(this.ctx.shopId, e4, new Date(this.ctx.clock.now()).toISOString());
  }

  /** Adds to the balance; with none set yet, the top-up is the balance. */
  topUp(e4: number): void {
    const kind = this.balanceE4() ? 'topup' : 'set';
    this.db
      .prepare('INSERT INTO cost_balance (shop_id, kind, amount_e4, at) VALUES (?, ?, ?, ?)')
      .run(this.ctx.shopId, kind, e4, new Date(this.ctx.clock.now()).toISOString());
  }

  view(): CostSettingsView {
    const prices = this.prices();
    return {
      prices: { notification: prices.notification.e4 / E4, marketing: prices.marketing.e4 / E4 },
      defaultPrices: COST_KINDS.filter((k) => prices[k].isDefault),
      countFailedDeliveries: this.countFailed(),
      effectDays: this.ctx.settings.get().costs.effectDays,
      balance: this.balance(),
    };
  }

  /** What sending `segments` billed segments of this template type costs now, against the balance. */
  estimate(segments: number, templateType: number | null): SendCostEstimate {
    const kind = costKindOf(templateType);
    const price = this.prices()[kind].e4;
    const balance = this.balanceE4();
    const costE4 = segments * price;
    return {
      kind,
      segments,
      unitPrice: price / E4,
      yuan: yuanOf(costE4),
      balanceYuan: balance ? yuanOf(balance.e4) : null,
      affordableSegments: balance && price > 0 ? Math.max(0, Math.floor(balance.e4 / price)) : null,
      overBalance: balance !== null && costE4 > balance.e4,
    };
  }
}
