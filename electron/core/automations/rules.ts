import { AppError } from '../../../shared/errors';
import {
  AUTOMATION_KINDS,
  DELAY_LIMITS,
  REFUND_TRIGGERS,
  type AutomationKind,
  type AutomationRuleInput,
  type OutsideWindow,
  type RefundTrigger,
} from '../../../shared/automations/contract';
import type { DailyWindow } from '../../../shared/time/beijing';
import type { Db } from '../db/database';

/** How long after its due time an item is still worth sending (issue 18 defaults). */
export const STALE_AFTER_MINUTES: Readonly<Record<AutomationKind, number>> = {
  'urge-pay': 24 * 60, // and never after the order closed
  shipped: 24 * 60,
  signed: 48 * 60,
  refund: 24 * 60,
  review: 7 * 24 * 60,
};
/** 次日发送: a deferred item goes out in the first hour the window is open, else it is dropped. */
export const NEXT_DAY_GRACE_MS = 60 * 60_000;
export const DEFAULT_WINDOW: DailyWindow = { start: '09:00', end: '22:00' };

export interface Rule {
  kind: AutomationKind;
  enabled: boolean;
  templateCode: string;
  signName: string;
  delayMinutes: number;
  window: DailyWindow;
  outsideWindow: OutsideWindow;
  preCloseMinutes: number | null;
  refundStates: RefundTrigger[];
  enabledAt: number | null;
  updatedAt: number | null;
}

export function defaultRule(kind: AutomationKind): Rule {
  return {
    kind,
    enabled: false,
    templateCode: '',
    signName: '',
    delayMinutes: DELAY_LIMITS[kind].default,
    window: { ...DEFAULT_WINDOW },
    outsideWindow: 'next-day',
    preCloseMinutes: null,
    refundStates: ['created'],
    enabledAt: null,
    updatedAt: null,
  };
}

interface RuleRow {
  kind: AutomationKind;
  enabled: number;
  template_code: string;
  sign_name: string;
  delay_minutes: number;
  window_start: string;
  window_end: string;
  outside_window: OutsideWindow;
  pre_close_minutes: number | null;
  refund_states: string;
  enabled_at: number | null;
  updated_at: number;
}

function refundStatesOf(text: string): RefundTrigger[] {
  try {
    const list = JSON.parse(text) as unknown;
    const valid = Array.isArray(list) ? REFUND_TRIGGERS.filter((s) => list.includes(s)) : [];
    return valid.length ? valid : ['created'];
  } catch {
    return ['created'];
  }
}

function ruleOf(row: RuleRow): Rule {
  return {
    kind: row.kind,
    enabled: row.enabled === 1,
    templateCode: row.template_code,
    signName: row.sign_name,
    delayMinutes: row.delay_minutes,
    window: { start: row.window_start, end: row.window_end },
    outsideWindow: row.outside_window,
    preCloseMinutes: row.pre_close_minutes,
    refundStates: refundStatesOf(row.refund_states),
    enabledAt: row.enabled_at,
    updatedAt: row.updated_at,
  };
}

/** A delay the kind accepts (Chinese error otherwise): 催付 10–2880 min, 好评邀请 whole days 0–15 … */
export function checkDelay(kind: AutomationKind, minutes: number): void {
  const limit = DELAY_LIMITS[kind];
  if (minutes < limit.min || minutes > limit.max || minutes % limit.step !== 0) {
    throw new AppError(
      'BAD_REQUEST',
      limit.step === 1440 ? `延迟须为 ${limit.min / 1440}–${limit.max / 1440} 整天。` : `延迟须在 ${limit.min}–${limit.max} 分钟之间。`,
    );
  }
}

/** The rules of one shop; a kind never saved reads as its defaults (off). */
export class RuleStore {
  constructor(
    private readonly db: Db,
    private readonly shopId: number,
  ) {}

  all(): Rule[] {
    const rows = this.db.prepare('SELECT * FROM automation_rules WHERE shop_id = ?').all(this.shopId) as RuleRow[];
    const byKind = new Map(rows.map((r) => [r.kind, ruleOf(r)]));
    return AUTOMATION_KINDS.map((kind) => byKind.get(kind) ?? defaultRule(kind));
  }

  get(kind: AutomationKind): Rule {
    const row = this.db.prepare('SELECT * FROM automation_rules WHERE shop_id = ? AND kind = ?').get(this.shopId, kind) as RuleRow | undefined;
    return row ? ruleOf(row) : defaultRule(kind);
  }

  /** The rule after the change (not saved): validates per kind. */
  merged(input: AutomationRuleInput): Rule {
    const current = this.get(input.kind);
    const next: Rule = {
      ...current,
      enabled: input.enabled ?? current.enabled,
      templateCode: input.template ?? current.templateCode,
      signName: input.sign ?? current.signName,
      delayMinutes: input.delayMinutes ?? current.delayMinutes,
      window: input.window ?? current.window,
      outsideWindow: input.outsideWindow ?? current.outsideWindow,
      preCloseMinutes: input.preCloseMinutes === undefined ? current.preCloseMinutes : input.preCloseMinutes,
      refundStates: input.refundStates ? REFUND_TRIGGERS.filter((s) => input.refundStates!.includes(s)) : current.refundStates,
    };
    checkDelay(next.kind, next.delayMinutes);
    if (next.kind !== 'urge-pay' && next.preCloseMinutes !== null && input.preCloseMinutes !== undefined)
      throw new AppError('BAD_REQUEST', '预关闭催付只适用于催付。');
    if (next.window.start === next.window.end) throw new AppError('BAD_REQUEST', '发送时段的开始和结束不能相同。');
    if (next.enabled && (!next.templateCode || !next.signName)) throw new AppError('BAD_REQUEST', '开启前请选择已审核通过的模板和签名。');
    return next;
  }

  save(rule: Rule, now: number): void {
    this.db
      .prepare(
        `INSERT INTO automation_rules (shop_id, kind, enabled, template_code, sign_name, delay_minutes, window_start, window_end, outside_window,
           pre_close_minutes, refund_states, enabled_at, updated_at)
         VALUES (@shopId, @kind, @enabled, @template, @sign, @delay, @start, @end, @outside, @preClose, @refund, @enabledAt, @now)
         ON CONFLICT (shop_id, kind) DO UPDATE SET enabled = excluded.enabled, template_code = excluded.template_code, sign_name = excluded.sign_name,
           delay_minutes = excluded.delay_minutes, window_start = excluded.window_start, window_end = excluded.window_end,
           outside_window = excluded.outside_window, pre_close_minutes = excluded.pre_close_minutes, refund_states = excluded.refund_states,
           enabled_at = excluded.enabled_at, updated_at = excluded.updated_at`,
      )
      .run({
        shopId: this.shopId,
        kind: rule.kind,
        enabled: rule.enabled ? 1 : 0,
        template: rule.templateCode,
        sign: rule.signName,
        delay: rule.delayMinutes,
        start: rule.window.start,
        end: rule.window.end,
        outside: rule.outsideWindow,
        preClose: rule.preCloseMinutes,
        refund: JSON.stringify(rule.refundStates),
        enabledAt: rule.enabledAt,
        now,
      });
  }
}
