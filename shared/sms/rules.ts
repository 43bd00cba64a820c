// Registry of every SMS content / signature rule: id → default severity + where the rule comes from.
// Section numbers (§) refer to shared/spec/top-api.md; tags as there: [DOC] [SDK] [3P] [INF] [NOT FOUND].
// Severities can be changed (or a rule turned off) per app via config.severityOverrides.

export type Severity = 'error' | 'warning' | 'info';

export interface RuleMeta {
  severity: Severity;
  /** Short citation. */
  source: string;
}

export const SMS_RULES = {
  // ---- variables ----
  'variable-malformed': { severity: 'error', source: '§4 Variables / §2.1: `${name}` placeholders [DOC apiId=60274]; name charset [INF]' },
  'variable-foreign-syntax': { severity: 'warning', source: "[INF] `{x}`, `{{x}}`, `#x#` are other vendors' syntax, sent literally" },
  'variable-count': { severity: 'warning', source: '[NOT FOUND] per-template limit; configurable variables.maxPerTemplate' },
  'variable-all-variable-template': {
    severity: 'warning',
    source: '§4 All-variable templates need offline approval [SDK 2020 PHP]; anchors A.1 Aliyun rejects them',
  },
  'variable-in-marketing': {
    severity: 'warning',
    source: '§4 Variables: Douyin forbids variables in marketing [3P]; Jushita [NOT FOUND] → variables.marketingPolicy',
  },
  'variable-missing-value': { severity: 'error', source: '§2.8 isv.TEMPLATE_MISSING_PARAMETERS; §2.4 sms_content keys cover ${var} [INF]' },
  'variable-value-type': { severity: 'error', source: '§2.7 / §2.8 isv.INVALID_JSON_PARAM: values must be strings' },
  'variable-value-empty': { severity: 'warning', source: '[INF] empty value renders as nothing' },
  'variable-value-too-long': { severity: 'warning', source: '§2.8 isv.PARAM_LENGTH_LIMIT; limit [NOT FOUND] → variables.maxValueChars' },
  'variable-unused-value': { severity: 'info', source: '[INF] value has no placeholder in the template' },
  // ---- content ----
  'content-empty': { severity: 'error', source: '§2.1 template_content required [SDK]' },
  'content-brackets': { severity: 'error', source: '§4 Signature format: no 【】 in template text [3P fw199 dd-sms-template-apply]' },
  'unsubscribe-missing': { severity: 'warning', source: '§4 Marketing unsubscribe: warn if type 2 has neither text [3P aliyun 91975]' },
  'unsubscribe-not-at-end': { severity: 'info', source: '§4 Marketing unsubscribe: Aliyun requires it at the end [3P aliyun 91975]' },
  'unsubscribe-forbidden': { severity: 'error', source: '§4 Marketing unsubscribe: notification templates must NOT contain it [3P aliyun 91975]' },
  'link-literal': { severity: 'error', source: '§2.5 / §4 Links: only via variable `url` [3P fw199 tb_jst_sms_tpl_create]' },
  'link-variable-name': { severity: 'warning', source: '§2.5 / §4 Links: the link variable must be named `url` [3P fw199]' },
  'link-domain': { severity: 'error', source: '§2.5 / §4 Links: allow-listed domains only [3P fw199]' },
  'link-in-value': { severity: 'error', source: '§2.8 isv.PARAM_NOT_SUPPORT_URL: URL not allowed as a (non-url) variable' },
  'forbidden-word': { severity: 'error', source: '§4 Marketing content bans [3P fw199 dd-sms; INF for Taobao]; §2.8 isv.BLACK_KEY_CONTROL_LIMIT for values' },
  'privacy-variable': { severity: 'info', source: '§4 Privacy masking (Jushita content-security) [3P fw199 tb_jst_sms_tpl_create]' },
  'verification-no-variable': { severity: 'info', source: '[INF] a verification template normally carries the code as a variable' },
  'template-type-invalid': { severity: 'error', source: '§2.1 template_type 0–3 [SDK]' },
  'template-class-invalid': { severity: 'error', source: '§2.1 template_type_class NORMAL | DIGITAL [SDK]' },
  'template-digital': { severity: 'info', source: '§2.1 DIGITAL class: text length rules do not describe digital SMS [INF]' },
  'template-name-missing': { severity: 'error', source: '§2.1 template_name required [SDK]' },
  'template-name-length': { severity: 'warning', source: '§2.1 max lengths [NOT FOUND]; Aliyun ≤30 [3P] → template.nameMaxChars' },
  'template-remark-missing': { severity: 'error', source: '§2.1 remark (usage scenario) required [SDK]' },
  'international-billing': { severity: 'info', source: '§4 Length rules are for mainland; type 3 billing [NOT FOUND]' },
  'marketing-signature-filing': { severity: 'info', source: '§4 Marketing signature needs filing and permission [DOC articleId=103955]' },
  'send-window': { severity: 'warning', source: '§4 Sending window: no marketing 20:00–08:00 [3P aliyun]; Jushita [NOT FOUND] → sendWindow' },
  // ---- length ----
  'length-over-max': { severity: 'error', source: '§4 Length / billing: max 500 chars incl. 【签名】 [3P aliyun 44335]' },
  'length-may-exceed': { severity: 'warning', source: '§4 Length / billing: 500 max, with assumed variable lengths [INF]' },
  'length-segments': { severity: 'info', source: '§4 Length / billing: ≤70 → 1, else ceil(len/67) [3P aliyun 44335]' },
  'length-estimate': { severity: 'info', source: '§4 Length / billing with assumed variable lengths [INF]' },
  // ---- characters ----
  'char-emoji': { severity: 'warning', source: '[INF] emoji: not shown on many handsets; gateways may count UTF-16 units' },
  'char-rare': { severity: 'warning', source: '[INF] rare CJK extension / private-use / other astral chars: missing glyphs' },
  'char-control': { severity: 'warning', source: '[INF] control chars other than line feed' },
  'char-invisible': { severity: 'warning', source: '[INF] zero-width / bidi / invisible chars (counted, not shown)' },
  // ---- signature ----
  'signature-empty': { severity: 'error', source: '§2.3 sign_name required [DOC apiId=60264]' },
  'signature-brackets': { severity: 'error', source: '§2.3 / §4 no 【】 () [] in sign_name [DOC apiId=60264]' },
  'signature-test': { severity: 'error', source: '§2.3 anything containing "测试" is refused [DOC apiId=60264]' },
  'signature-generic': { severity: 'error', source: '§2.3 over-generic names ("客户服务", "友情提醒") refused [DOC apiId=60264]' },
  'signature-brand': { severity: 'error', source: '§2.3 Alibaba brand names (天猫, 淘宝, 聚划算…) forbidden [3P fw199 tb_jst_sms_sign_create]' },
  'signature-length': { severity: 'error', source: '§2.3 length [NOT FOUND]; Aliyun-style 2–12 [INF] → signature.minChars/maxChars' },
  'signature-chars': { severity: 'warning', source: '[INF] signatures are Chinese / letters / digits (Aliyun-style)' },
  'signature-source-invalid': { severity: 'error', source: '§2.3 sign_source 0–5 [DOC apiId=60264]' },
  'signature-store-convention': { severity: 'info', source: '§2.3 store-signature conventions [3P fw199 tb_jst_sms_sign_create]' },
} as const satisfies Record<string, RuleMeta>;

export type RuleId = keyof typeof SMS_RULES;
export const RULE_IDS = Object.keys(SMS_RULES) as RuleId[];

/** A problem found in a field; ranges are UTF-16 offsets [start, end) into that field's string. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Chinese, for the seller. */
  message: string;
  messageEn: string;
  range?: { start: number; end: number };
  /** Which input the range refers to: 'content' (default), 'signName', 'templateName', 'remark', 'values.<name>'. */
  field?: string;
  /** Machine-readable extras (variable name, counts …). */
  data?: Record<string, string | number | boolean>;
}

export type SeverityOverrides = Readonly<Partial<Record<string, Severity | 'off'>>>;

export interface FindingInit {
  message: string;
  messageEn: string;
  range?: { start: number; end: number };
  field?: string;
  data?: Record<string, string | number | boolean>;
}

/** Collects findings, applying severity overrides ('off' drops the finding). */
export class FindingList {
  readonly items: Finding[] = [];
  constructor(private readonly overrides: SeverityOverrides = {}) {}

  add(rule: RuleId, init: FindingInit): void {
    const severity = this.overrides[rule] ?? SMS_RULES[rule].severity;
    if (severity === 'off') return;
    const f: Finding = { rule, severity, message: init.message, messageEn: init.messageEn };
    if (init.range) f.range = init.range;
    if (init.field !== undefined) f.field = init.field;
    if (init.data) f.data = init.data;
    this.items.push(f);
  }

  addAll(findings: readonly Finding[]): void {
    for (const f of findings) this.items.push(f);
  }

  sorted(): Finding[] {
    return sortFindings(this.items);
  }
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then info; within a severity by position (findings without a range first). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || (a.f.range?.start ?? -1) - (b.f.range?.start ?? -1) || a.i - b.i)
    .map((x) => x.f);
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/**
 * Rules about what a submission must carry (name, remark, offline approval of an all-variable text): they guide a
 * draft, but say nothing useful about a template the platform already holds (imported, in review or approved).
 */
export const DRAFT_ONLY_RULES: ReadonlySet<RuleId> = new Set<RuleId>([
  'template-name-missing',
  'template-name-length',
  'template-remark-missing',
  'variable-all-variable-template',
]);

/** The findings worth showing for a template at this stage; drafts (and rejected templates being fixed) get them all. */
export function findingsForStage(findings: readonly Finding[], stage: 'draft' | 'on-platform'): Finding[] {
  return stage === 'draft' ? [...findings] : findings.filter((f) => !DRAFT_ONLY_RULES.has(f.rule));
}
