// In-memory platform state: templates and signatures under review, short links, and every per-number send.
import { errors, formatGmt8 } from './protocol';

export type AuditCode = 0 | 1 | 2; // 0 待审核, 1 通过, 2 拒绝
export type ReviewOutcome = 'approved' | 'rejected';

export interface ReviewPolicy {
  /** Pending items are decided this long after creation/modification; null = only on command. */
  delayMs: number | null;
  outcome: ReviewOutcome;
  /** Reason given when the policy rejects. */
  reason: string;
}

export interface SimTemplate {
  code: string;
  name: string;
  content: string;
  /** 0 验证码, 1 通知, 2 推广, 3 国际. */
  type: number;
  typeClass: 'NORMAL' | 'DIGITAL';
  remark: string;
  status: AuditCode;
  reason: string;
  createdAt: number;
  /** When the automatic review decides (null = manual). */
  reviewAt: number | null;
  /** ${name} placeholders, in order of first appearance. */
  variables: string[];
}

export interface SimSignature {
  name: string;
  remark: string;
  source: number;
  status: AuditCode;
  reason: string;
  createdAt: number;
  reviewAt: number | null;
}

export interface SimShortUrl {
  shortName: string;
  url: string;
  tag: string;
  batchNumber: string;
  lifeStart: number;
  lifeEnd: number;
}

export type DeliveryCode = 1 | 2 | 3; // 1 等待回执, 2 失败, 3 成功

export interface DeliveryRule {
  delivered: boolean;
  /** Carrier code reported for the number (DELIVRD on success). */
  resultCode: string;
}

export interface SimSend {
  bizId: string;
  /** The number of a phone send; '' for an OAID send (the platform resolves the number, the seller never sees it). */
  phone: string;
  /** OAID sends: the OAID and its order id. */
  oaid?: string;
  orderId?: string;
  /** Index of the recipient in its batch (OAID delivery reports carry it). */
  position?: number;
  templateCode: string;
  signName: string;
  /** 【签名】 + rendered template. */
  content: string;
  params: Record<string, string>;
  sentAt: number;
  taskSign?: string;
  extendNum?: string;
  /** Final outcome; visible in num.query once deliveryDelayMs has passed. */
  outcome: DeliveryRule;
  deliverAt: number;
}

/** What an onSend listener receives, one call per number. */
export interface SendEvent {
  bizId: string;
  /** The number of a phone send; '' for an OAID send. */
  phone: string;
  /** OAID sends: the OAID, its order id and the recipient's index in the batch. */
  oaid?: string;
  orderId?: string;
  position?: number;
  templateCode: string;
  signName: string;
  content: string;
  /** `yyyy-MM-dd HH:mm:ss` GMT+8 (the DR message's send_time format). */
  sentAt: string;
  sentAtMs: number;
  taskSign?: string;
  extendNum?: string;
  /** The delivery outcome the gateway decided, so a DR publisher can stay consistent with num.query. */
  outcome: DeliveryRule;
}

export interface SendRules {
  /** Sends per number + signature + template in a rolling 24 h; over it → isv.BUSINESS_LIMIT_CONTROL. null = off. */
  perNumberDailyLimit: number | null;
  /** Prepaid segments; a batch needing more → isv.AMOUNT_NOT_ENOUGH (nothing sent). null = unlimited. */
  balanceSegments: number | null;
  /** Per app key: its own prepaid segments, tracked apart from balanceSegments (which then no longer applies to it). */
  appBalances: Map<string, number>;
  /** A variable value containing one → isv.BLACK_KEY_CONTROL_LIMIT. */
  blockedKeywords: string[];
  /** phone → sub_code the backend answers for any batch containing it (e.g. isv.MOBILE_NUMBER_ILLEGAL). */
  numberRejections: Map<string, string>;
}

/** ≤ 70 → 1 segment, else 67 per segment (spec §4). */
export function billedSegments(content: string): number {
  const n = codePointLength(content);
  return n <= 70 ? 1 : Math.ceil(n / 67);
}

const VARIABLE = /\$\{([^}]*)\}/g;
export const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function templateVariables(content: string): string[] {
  const names: string[] = [];
  for (const m of content.matchAll(VARIABLE)) if (!names.includes(m[1]!)) names.push(m[1]!);
  return names;
}

/** Characters as the platform counts them (code points), without allocating. */
export function codePointLength(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

/** Template text split at its variables: [text, var, text, var, …, text]. Cached: batchsend renders it 200× per call. */
const compiled = new Map<string, string[]>();

export function renderTemplate(content: string, params: Record<string, string>): string {
  let parts = compiled.get(content);
  if (!parts) {
    parts = content.split(VARIABLE);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(content, parts);
  }
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) out += (params[parts[i]!] ?? '') + parts[i + 1]!;
  return out;
}

/** Review rules a human reviewer applies regardless of the policy (spec §2.3, §4). */
function forcedRejection(kind: 'template' | 'signature', text: string): string | null {
  if (kind === 'signature') {
    if (text.includes('测试')) return '请参考下述修改建议:1. 测试签名不支持';
    if (['客户服务', '友情提醒', '温馨提示', '系统通知'].includes(text)) return '请参考下述修改建议:1. 签名过于宽泛，请使用店铺名或品牌名';
  }
  if (kind === 'template' && /[【】]/.test(text)) return '请参考下述修改建议:1. 模板内容不能包含【】，签名由平台自动添加';
  return null;
}

export class SimState {
  readonly templates = new Map<string, SimTemplate>();
  readonly signatures = new Map<string, SimSignature>();
  readonly shortUrls = new Map<string, SimShortUrl>();
  /** phone → sends, for num.query. */
  readonly sendsByPhone = new Map<string, SimSend[]>();
  /** OAID sends: num.query cannot find them (it needs a plaintext number), only reports can. */
  readonly oaidSends: SimSend[] = [];
  readonly deliveryRules = new Map<string, DeliveryRule>();
  /** Outcome for numbers without an explicit rule (demo buyers); default: delivered. */
  defaultDelivery: ((phone: string) => DeliveryRule) | null = null;
  private templateSeq = 229_420_000 + Math.floor(Math.random() * 1000);
  private bizSeq = 104_471_625_000 + Math.floor(Math.random() * 1000);

  constructor(
    private readonly now: () => number,
    public review: ReviewPolicy,
    public deliveryDelayMs: number,
  ) {}

  nextTemplateCode(): string {
    return `SMS_${++this.templateSeq}`;
  }

  /** `<digits>^<digits>`, the shape of real receipts and DR biz_ids. */
  nextBizId(): string {
    return `${++this.bizSeq}^${Math.floor(1e12 + Math.random() * 9e12)}`;
  }

  scheduleReview(): number | null {
    return this.review.delayMs === null ? null : this.now() + this.review.delayMs;
  }

  /** Applies a due automatic review; every read goes through here so state never depends on timers. */
  template(code: string): SimTemplate | undefined {
    const t = this.templates.get(code);
    if (t) this.settle('template', t, t.content);
    return t;
  }

  signature(name: string): SimSignature | undefined {
    const s = this.signatures.get(name);
    if (s) this.settle('signature', s, s.name);
    return s;
  }

  private settle(kind: 'template' | 'signature', item: { status: AuditCode; reason: string; reviewAt: number | null }, text: string) {
    if (item.status !== 0 || item.reviewAt === null || this.now() < item.reviewAt) return;
    const forced = forcedRejection(kind, text);
    if (forced) this.decide(item, 'rejected', forced);
    else this.decide(item, this.review.outcome, this.review.reason);
  }

  decide(item: { status: AuditCode; reason: string; reviewAt: number | null }, outcome: ReviewOutcome, reason?: string) {
    item.status = outcome === 'approved' ? 1 : 2;
    item.reason = outcome === 'approved' ? '无审批备注' : (reason ?? this.review.reason);
    item.reviewAt = null;
  }

  /** Send-time rules of the 阿里通信 backend beyond validation (configurable, off by default). */
  readonly sendRules: SendRules = {
    perNumberDailyLimit: null,
    balanceSegments: null,
    appBalances: new Map(),
    blockedKeywords: [],
    numberRejections: new Map(),
  };

  /** Throws the backend refusal (15 + isv.*) of a batch, before anything is recorded. */
  checkSendRules(b: {
    phones: string[];
    signName: string;
    templateCode: string;
    contents: Array<{ params: Record<string, string>; content: string }>;
    now: number;
    appKey: string;
  }) {
    const rules = this.sendRules;
    for (const phone of b.phones) {
      const subCode = rules.numberRejections.get(phone);
      if (subCode) throw errors.remote(subCode, `号码 ${phone} 被拒绝（${subCode}）`);
    }
    for (const { params } of b.contents) {
      for (const value of Object.values(params)) {
        const word = rules.blockedKeywords.find((k) => value.includes(k));
        if (word) throw errors.remote('isv.BLACK_KEY_CONTROL_LIMIT', `变量中含有禁用关键词：${word}`);
      }
    }
    if (rules.perNumberDailyLimit !== null) {
      // Alibaba Cloud: 50/day per signature + template + number, rolling 24 h, counted on submission (spec §4).
      for (const phone of b.phones) {
        const recent = (this.sendsByPhone.get(phone) ?? []).filter(
          (s) => s.signName === b.signName && s.templateCode === b.templateCode && s.sentAt > b.now - 86_400_000,
        ).length;
        if (recent + 1 > rules.perNumberDailyLimit) throw errors.remote('isv.BUSINESS_LIMIT_CONTROL', '触发业务流控');
      }
    }
    const appBalance = rules.appBalances.get(b.appKey);
    const balance = appBalance ?? rules.balanceSegments;
    if (balance !== null) {
      const needed = b.contents.reduce((sum, c) => sum + billedSegments(c.content), 0);
      if (needed > balance) throw errors.remote('isv.AMOUNT_NOT_ENOUGH', '账户余额不足');
      if (appBalance !== undefined) rules.appBalances.set(b.appKey, appBalance - needed);
      else rules.balanceSegments = balance - needed;
    }
  }

  recordSend(send: SimSend) {
    if (!send.phone) {
      this.oaidSends.push(send);
      return;
    }
    let list = this.sendsByPhone.get(send.phone);
    if (!list) this.sendsByPhone.set(send.phone, (list = []));
    list.push(send);
  }

  deliveryFor(phone: string): DeliveryRule {
    return this.deliveryRules.get(phone) ?? this.defaultDelivery?.(phone) ?? { delivered: true, resultCode: 'DELIVRD' };
  }

  deliveryCode(send: SimSend): DeliveryCode {
    if (this.now() < send.deliverAt) return 1;
    return send.outcome.delivered ? 3 : 2;
  }

  allSends(): SimSend[] {
    return [...this.sendsByPhone.values(), this.oaidSends].flat().sort((a, b) => a.sentAt - b.sentAt);
  }

  clearSends() {
    this.sendsByPhone.clear();
    this.oaidSends.length = 0;
  }

  static sendEvent(send: SimSend): SendEvent {
    return {
      bizId: send.bizId,
      phone: send.phone,
      oaid: send.oaid,
      orderId: send.orderId,
      position: send.position,
      templateCode: send.templateCode,
      signName: send.signName,
      content: send.content,
      sentAt: formatGmt8(send.sentAt),
      sentAtMs: send.sentAt,
      taskSign: send.taskSign,
      extendNum: send.extendNum,
      outcome: send.outcome,
    };
  }
}
