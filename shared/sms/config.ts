import { z } from 'zod';

// Every list / limit the SMS rules use, with defaults. The app's settings can persist an override
// (any subset, nested) and call resolveSmsRulesConfig(). Arrays and maps in an override REPLACE the default
// (to extend a list, spread DEFAULT_SMS_RULES_CONFIG.x into the new one).
// § = shared/spec/top-api.md. Values marked [NOT FOUND]/[INF] are guesses the spec asks us to keep configurable.

const lengthRange = z
  .object({ min: z.number().int().min(0).max(500), max: z.number().int().min(0).max(500) })
  .refine((r) => r.min <= r.max, 'min must be ≤ max');
export type LengthRange = z.infer<typeof lengthRange>;

const severityOrOff = z.enum(['error', 'warning', 'info', 'off']);

const maskSchema = z.union([
  z.object({ type: z.literal('keepFirst'), chars: z.number().int().min(0), suffix: z.string() }),
  z.object({ type: z.literal('keepLast'), chars: z.number().int().min(0), prefix: z.string() }),
  z.object({ type: z.literal('replace'), with: z.string() }),
]);
export type PrivacyMask = z.infer<typeof maskSchema>;

const privacyRuleSchema = z.object({
  kind: z.string(),
  zh: z.string(),
  en: z.string(),
  /** Variable names, matched case-insensitively ignoring '_' and '-'. */
  names: z.array(z.string()),
  /** How the platform masks the value; null = no known masking (hint only). */
  mask: maskSchema.nullable(),
});
export type PrivacyRule = z.infer<typeof privacyRuleSchema>;

const forbiddenWordSchema = z.object({
  word: z.string().min(1),
  /** 'review' | 'contact' | 'finance' | custom. */
  category: z.string(),
});

export const SmsRulesConfigSchema = z.object({
  length: z
    .object({
      /** §4: ≤70 chars → 1 segment [3P aliyun 44335]. */
      singleSegmentChars: z.number().int().positive().default(70),
      /** §4: >70 → 67 chars per segment [3P aliyun 44335]. */
      multiSegmentChars: z.number().int().positive().default(67),
      /** §4: 500 chars max incl. 【签名】 [3P aliyun 44335]. */
      maxChars: z.number().int().positive().default(500),
      /**
       * §4: "all chars count 1" and the §4 helper counts code points → an emoji outside the BMP counts 1.
       * The UCS-2 wire format spends 2 units on it; set 2 if real bills show that. [INF]
       */
      astralCharWeight: z.union([z.literal(1), z.literal(2)]).default(1),
      /**
       * Text the platform appends to every marketing SMS (Aliyun Quick Audience appends "回T退订", 4 chars [3P]).
       * Jushita [NOT FOUND] → none by default.
       */
      marketingAutoSuffix: z.string().default(''),
    })
    .prefault({}),

  variables: z
    .object({
      /** Per-template variable limit [NOT FOUND]; null = no limit. */
      maxPerTemplate: z.number().int().positive().nullable().default(20),
      /** isv.PARAM_LENGTH_LIMIT exists (§2.8) but the limit is [NOT FOUND]; null = no check. */
      maxValueChars: z.number().int().positive().nullable().default(35),
      /** §4: Douyin forbids variables in marketing templates [3P]; Jushita [NOT FOUND]. 'url-only' allows ${url}. */
      marketingPolicy: z.enum(['allow', 'url-only', 'none']).default('allow'),
      /** Assumed rendered length of a variable without a known rule [INF]. */
      defaultAssumedLength: lengthRange.default(() => ({ min: 2, max: 20 })),
      /**
       * Assumed rendered lengths by variable name (case-insensitive, '_'/'-' ignored).
       * The platform masking in `privacy` wins when privacy.platformMasks is on.
       */
      assumedLengths: z.record(z.string(), lengthRange).default(() => ({
        // anchors A.3 网聚宝 documented field lengths [3P]
        nick: { min: 5, max: 25 },
        buyernick: { min: 5, max: 25 },
        name: { min: 2, max: 25 },
        receivername: { min: 2, max: 25 },
        tid: { min: 15, max: 19 }, // A.3 says 15; current Taobao order ids are up to 19 digits [INF]
        orderid: { min: 15, max: 19 },
        company: { min: 2, max: 5 },
        logisticscompany: { min: 2, max: 5 },
        ordertime: { min: 6, max: 8 },
        // §2.5 short link example https://s.tb.cn/Y9.X8sU (23) / without https:// (15) [DOC]
        url: { min: 15, max: 23 },
        // [INF] verification codes
        code: { min: 4, max: 6 },
      })),
    })
    .prefault({}),

  unsubscribe: z
    .object({
      /** §4: accept both; Jushita wording [NOT FOUND]. Matched case- and width-insensitively. */
      texts: z.array(z.string().min(1)).default(() => ['拒收请回复R', '回T退订']),
      /**
       * Regex sources (flag i) that detect any opt-out text, used to forbid it in non-marketing templates.
       * Matched on the folded text (NFKC, lower case, no whitespace). [INF]
       */
      detectPatterns: z.array(z.string()).default(() => ['回[a-z]{1,2}退订', '退订(请)?回(复)?[a-z]{1,2}', '拒收请?回复[a-z]']),
    })
    .prefault({}),

  links: z
    .object({
      /** §2.5 / §4: the only variable allowed to carry a link [3P fw199]. */
      urlVariable: z.string().default('url'),
      /** §2.5 / §4 allow-list [3P fw199]; subdomains allowed. */
      allowedDomains: z
        .array(z.string().min(1))
        .default(() => ['taobao.com', 'tmall.com', 'tmall.hk', 'g.alicdn.com', 'taobao.net', 'tmall.net', 'etao.com', 'm.duanqu.com', 's.tb.cn', 'c.tb.cn']),
      /** TLDs that make a bare "xxx.tld" in the text count as a link [INF]. */
      bareDomainTlds: z
        .array(z.string().min(1))
        .default(() => [
          'com',
          'cn',
          'net',
          'org',
          'hk',
          'tw',
          'mo',
          'io',
          'cc',
          'co',
          'me',
          'tv',
          'top',
          'xyz',
          'vip',
          'shop',
          'store',
          'site',
          'online',
          'club',
          'wang',
          'ren',
          'info',
          'biz',
          'app',
          'link',
          'ly',
          'gl',
          'im',
          'la',
          'ink',
          'fun',
          'icu',
          'asia',
          'mobi',
          'pro',
          'tech',
          'cloud',
          'live',
          'work',
        ]),
    })
    .prefault({}),

  privacy: z
    .object({
      /** §4: Jushita content-security masks these values [3P fw199]; lengths are estimated on the masked value. */
      platformMasks: z.boolean().default(true),
      rules: z.array(privacyRuleSchema).default((): PrivacyRule[] => [
        // §4 Privacy masking [3P fw199 tb_jst_sms_tpl_create]
        {
          kind: 'order-id',
          zh: '订单号',
          en: 'order id',
          names: ['tid', 'orderId', 'orderNo', 'orderNum', 'orderSn', 'tradeId', 'oid'],
          mask: { type: 'keepFirst', chars: 4, suffix: '**' },
        },
        {
          kind: 'waybill',
          zh: '运单号',
          en: 'waybill number',
          names: ['outSid', 'waybill', 'waybillNo', 'mailNo', 'trackingNo', 'expressNo', 'logisticsNo'],
          mask: { type: 'keepLast', chars: 4, prefix: '' },
        },
        {
          kind: 'nick',
          zh: '买家昵称',
          en: 'buyer nick',
          names: ['buyerNick', 'nick', 'nickName', 'wangwang'],
          mask: { type: 'keepFirst', chars: 1, suffix: '**' },
        },
        {
          kind: 'name',
          zh: '收件人姓名',
          en: 'receiver name',
          names: ['receiverName', 'name', 'buyerName', 'consignee', 'customerName', 'realName'],
          mask: { type: 'keepFirst', chars: 1, suffix: '**' },
        },
        {
          kind: 'item',
          zh: '商品/SKU 信息',
          en: 'item / SKU info',
          names: ['sku', 'skuInfo', 'skuName', 'item', 'itemTitle', 'itemName', 'goods', 'goodsName', 'product', 'productName'],
          mask: { type: 'replace', with: '商品' },
        },
        // [INF] not in the spec's list: phone numbers and addresses in content are a privacy risk
        {
          kind: 'contact',
          zh: '手机号/地址',
          en: 'phone number / address',
          names: ['mobile', 'phone', 'receiverMobile', 'receiverPhone', 'tel', 'address', 'receiverAddress'],
          mask: null,
        },
      ]),
    })
    .prefault({}),

  /** §4 Marketing content bans, listed for 抖店 and assumed for Taobao [3P fw199 dd-sms / INF]. Matched folded. */
  forbiddenWords: z.array(forbiddenWordSchema).default(() => [
    ...[
      '好评返现',
      '返现好评',
      '晒图返现',
      '追评返现',
      '好评有礼',
      '好评送',
      '五星好评',
      '给个好评',
      '改差评',
      '修改差评',
      '删除差评',
      '删差评',
      '修改评价',
      '追加好评',
    ].map((word) => ({ word, category: 'review' })),
    ...['加微信', '添加微信', '微信号', '加微', 'v信', '薇信', '威信', '加vx', 'vx号', 'wx号', '加qq', 'qq号', 'qq群'].map((word) => ({
      word,
      category: 'contact',
    })),
    ...['贷款', '借款', '网贷', '套现', '征信', '放款', '提额', '高额回报', '理财产品'].map((word) => ({ word, category: 'finance' })),
  ]),

  /** §4: 【】 inside template text is confused with the signature [3P]. */
  contentForbiddenChars: z.array(z.string().min(1)).default(() => ['【', '】']),

  characters: z
    .object({
      /** Control chars that are fine in content (line feed). [INF] */
      allowedControls: z.array(z.string()).default(() => ['\n']),
    })
    .prefault({}),

  signature: z
    .object({
      /** §2.3 length [NOT FOUND]; Aliyun-style 2–12 [INF]. Counted in code points, without 【】. */
      minChars: z.number().int().min(1).default(2),
      maxChars: z.number().int().min(1).default(12),
      /** §2.3 no 【】 () [] [DOC apiId=60264]; full-width / other bracket variants [INF]. */
      forbiddenChars: z
        .array(z.string().min(1))
        .default(() => ['【', '】', '(', ')', '[', ']', '（', '）', '［', '］', '〔', '〕', '〖', '〗', '{', '}', '<', '>', '《', '》']),
      /** §2.3 "测试" [DOC apiId=60264]. */
      testWords: z.array(z.string().min(1)).default(() => ['测试']),
      /** §2.3 over-generic [DOC: 客户服务, 友情提醒; others INF]. A name made only of these is refused. */
      genericWords: z
        .array(z.string().min(1))
        .default(() => [
          '客户服务',
          '友情提醒',
          '温馨提示',
          '温馨提醒',
          '系统通知',
          '系统消息',
          '短信通知',
          '消息提醒',
          '客服中心',
          '服务中心',
          '会员服务',
          '验证码',
          '通知',
          '提醒',
          '提示',
          '客服',
          '服务',
          '会员',
          '官方',
          '公告',
          '消息',
          '短信',
        ]),
      /** §2.3 Alibaba brand names [3P fw199: 天猫, 淘宝, 聚划算…; others INF]. */
      brandWords: z
        .array(z.string().min(1))
        .default(() => [
          '淘宝',
          '天猫',
          '聚划算',
          '阿里',
          '支付宝',
          '飞猪',
          '闲鱼',
          '菜鸟',
          '钉钉',
          '饿了么',
          '盒马',
          '优酷',
          '高德',
          '1688',
          '千牛',
          'taobao',
          'tmall',
          'alibaba',
          'alipay',
          'aliexpress',
        ]),
      /** §2.3 Taobao store convention "店铺名称+淘宝店" (e.g. 张三男装淘宝店): brand word allowed as this trailing suffix [3P fw199]. */
      brandAllowedSuffixes: z.array(z.string().min(1)).default(() => ['淘宝店']),
    })
    .prefault({}),

  template: z
    .object({
      /** §2.1 [NOT FOUND]; Aliyun ≤30 [3P]. */
      nameMaxChars: z.number().int().positive().default(30),
      /**
       * Shape of a platform template code: "SMS_" + digits, as template.create returns them (top-api.md §2.1/§2.2:
       * SMS_100001, SMS_229420004, SMS_257051849). Not documented as a rule [INF]; a source string, so it can change.
       */
      codePattern: z.string().min(1).default('^SMS_\\d{1,20}$'),
    })
    .prefault({}),

  sendWindow: z
    .object({
      /** §4: Aliyun forbids marketing 20:00–08:00 [3P]; Jushita [NOT FOUND]. null = no window. */
      marketing: z
        .object({ startHour: z.number().int().min(0).max(24), endHour: z.number().int().min(0).max(24) })
        .nullable()
        .default(() => ({ startHour: 8, endHour: 20 })),
      /** China Standard Time (§1.3 timestamps are GMT+8). */
      utcOffsetMinutes: z.number().int().default(480),
    })
    .prefault({}),

  /** Per-rule severity override; 'off' disables a rule. Unknown rule ids are ignored. */
  severityOverrides: z.record(z.string(), severityOrOff).default(() => ({})),
});

export type SmsRulesConfig = z.output<typeof SmsRulesConfigSchema>;
/** What settings may store: any nested subset. */
export type SmsRulesConfigInput = z.input<typeof SmsRulesConfigSchema>;

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

export const DEFAULT_SMS_RULES_CONFIG: SmsRulesConfig = deepFreeze(SmsRulesConfigSchema.parse({}));

/** Defaults + override. Throws a ZodError on an invalid override (use SmsRulesConfigSchema.safeParse to avoid). */
export function resolveSmsRulesConfig(override?: SmsRulesConfigInput): SmsRulesConfig {
  if (!override) return DEFAULT_SMS_RULES_CONFIG;
  return SmsRulesConfigSchema.parse(override);
}

/** Canonical form of a variable name for list look-ups: lower case, '_' and '-' removed. */
export function normalizeVariableName(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}
