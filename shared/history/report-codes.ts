// Delivery-report err_code / num.query result_code explanations, built from ../shared/spec/report-codes.md §1
// (1A generic SMPP/CMPP stat words, 1B Aliyun normalised receipt codes, 1C carrier codes, 1D prefix families)
// and §5 (which codes mean "do not retry marketing" / "retry later").
// Carrier codes are not standardised: the text is a likely cause (可能原因), the raw code is always shown next to
// it, and a code that is not listed here is shown verbatim — never guessed.

/** What a code suggests doing: suppress = stop marketing to the number; retry = try again later. */
export type ReportCodeAdvice = 'delivered' | 'suppress' | 'retry' | 'check';

export interface ReportCodeInfo {
  /** Every spelling this row covers (upper case). */
  codes: readonly string[];
  /** 含义 / 可能原因 (Chinese, from the sources). */
  meaning: string;
  /** What the seller can do. */
  advice: string;
  /** Where the meaning comes from (report-codes.md citation). */
  source: string;
  /** Evidence tags from report-codes.md: DOC, SDK, 3P, EX, CONFLICT. */
  tags: string;
  kind: ReportCodeAdvice;
}

type Row = [codes: string, meaning: string, advice: string, source: string, tags: string, kind: ReportCodeAdvice];

const T3771 = 'Tencent Cloud SMS 错误码 cloud.tencent.com/document/product/382/3771';
const IOT0304 = 'Huawei 状态报告状态码 support.huaweicloud.com/api-iotcom/iotcom_05_0304.html';
const SMS0051 = 'Huawei 状态回执错误码 support.huaweicloud.com/api-msgsms/sms_05_0051.html';
const DAGUANG = 'cnblogs.com/da-guang/p/5880631.html';
const YHDKZY = 'cnblogs.com/yhdkzy/p/4238029.html';
const AIOPS = 'aliyun/alibabacloud-aiops-skills skills/entcmc/dysms/alibabacloud-sms-send-short-message/references/sms-error-codes.md';
const IOT0303 = 'Huawei IoTCom API错误码3 support.huaweicloud.com/devg-iotcom/iotcom_04_0303.html';
const IOT0302 = 'Huawei IoTCom API错误码2 support.huaweicloud.com/devg-iotcom/iotcom_04_0302.html';

const ROWS: Row[] = [
  // ---- 1A generic SMPP/CMPP stat words ----
  ['DELIVRD|DELIVED', '短消息转发成功 / 用户成功接收', '已送达', `${IOT0304}; ${DAGUANG}; TaFcSmsDR 实际样例`, 'DOC 3P EX', 'delivered'],
  [
    'UNDELIV',
    '不可转发；多为停机、挂起等号码状态异常',
    '对方号码状态异常（停机/空号/关机等），请核实号码',
    `${IOT0304}; ${DAGUANG}; ${T3771}`,
    'DOC 3P',
    'check',
  ],
  ['UNDELIVRD', '三网：空号、停机或关机', '对方号码状态异常（停机/空号/关机等），请核实号码', T3771, 'DOC', 'check'],
  [
    'EXPIRED',
    '短消息超过有效期：长时间关机或不在服务区（华为：72 小时内未收到网关状态报告也按超时处理；阿里云：运营商队列中超时）',
    '对方长时间关机或不在服务区，短信已过期，可稍后重发',
    `${IOT0304}; ${DAGUANG}; ${SMS0051}; ${AIOPS}`,
    'DOC SDK 3P',
    'retry',
  ],
  [
    'REJECTD',
    '短消息被拒绝，原因因网关而异；华为：对方曾针对该通道号（签名）回复退订，或号码未开通短信业务',
    '运营商拒收（对方可能已退订），建议不要再发营销短信',
    `${IOT0304}; ${SMS0051}; ${DAGUANG}`,
    'DOC 3P',
    'suppress',
  ],
  ['UNKNOWN', '未知的短消息状态', '运营商未返回明确结果', `${IOT0304}; ${YHDKZY}`, 'DOC 3P', 'check'],
  ['DELETED', '短消息已经被删除', '运营商侧已删除，未送达', IOT0304, 'DOC', 'check'],
  ['ACCEPTD', '短消息已被最终用户接收', '已接收', `${IOT0304}; ${T3771}`, 'DOC', 'delivered'],
  ['NOROUTE', '查找路由失败', '无可用通道，请联系服务商', `${IOT0304}; ${T3771}`, 'DOC', 'check'],
  // ---- 1B Aliyun / dysms normalised receipt codes ----
  ['DELIVERED', '用户接收成功', '已送达', `${AIOPS}; SmsReport 文档镜像 bestwisewords.com/zh/sms/developer-reference/smsreport-2`, 'SDK 3P', 'delivered'],
  ['MOBILE_NOT_ON_SERVICE', '停机、空号、暂停服务、关机、不在服务区', '号码停机/空号/关机，请核实号码，无效号码请剔除', AIOPS, 'SDK 3P', 'check'],
  ['MOBILE_SEND_LIMIT', '单个号码日、月发送上限或频繁发送超限（流控）', '该号码今天收到的短信已达上限，请24小时后再发', AIOPS, 'SDK 3P', 'retry'],
  ['MOBILE_ACCOUNT_ABNORMAL', '用户账户异常、携号转网、欠费等', '对方号码欠费、异常或携号转网，可稍后重试', AIOPS, 'SDK 3P', 'retry'],
  [
    'MOBILE_IN_BLACK',
    '手机号在黑名单（平台或运营商），通常是用户已退订此签名或命中运营商黑名单',
    '对方已退订或被列入黑名单，请勿再向其发送营销短信',
    AIOPS,
    'SDK 3P',
    'suppress',
  ],
  [
    'MOBLLE_TERMINAL_ERROR|MOBILE_TERMINAL_ERROR',
    '手机终端问题：内存满、SIM卡满、非法设备等（第三方拼写为 MOBLLE_，官方仓库为 MOBILE_）',
    '对方手机故障或存储已满，可稍后重发',
    AIOPS,
    'SDK 3P CONFLICT',
    'retry',
  ],
  ['USER_REJECT', '接收用户已退订此业务或产品未开通', '对方已退订，请从营销名单中移除', AIOPS, 'SDK 3P', 'suppress'],
  ['CONTENT_KEYWORD', '内容关键字拦截（运营商拦截高风险/高投诉关键字）', '短信内容触发运营商敏感词拦截，请修改文案', AIOPS, 'SDK 3P', 'check'],
  ['INVALID_NUMBER', '号码状态异常/号码不合法（关机、停机、空号、格式错误等）', '号码无效，请核实', AIOPS, 'SDK 3P', 'check'],
  ['CONTENT_ERROR', '推广短信内容中必须带退订信息（“拒收请回复R”）', '营销短信缺少退订提示，请在结尾加“拒收请回复R”', AIOPS, 'SDK 3P', 'check'],
  ['REQUEST_SUCCESS', '请求成功但未收到运营商回执（大概率接收用户状态异常）', '暂未收到运营商结果，请稍后查看', AIOPS, 'SDK 3P', 'check'],
  ['SP_UNKNOWN_ERROR', '运营商未知错误', '运营商返回未知错误，可稍后重试', AIOPS, 'SDK 3P', 'retry'],
  ['SP_NOT_BY_INTER_SMS', '收件人未开通国际短信', '（国际短信场景）对方未开通国际短信', AIOPS, 'SDK 3P', 'check'],
  ['NO_ROUTE', '当前短信内容无可用通道', '暂无可用通道，请联系服务商', AIOPS, 'SDK 3P', 'check'],
  ['IS_CLOSE', '短信通道被关停（平台会自动剔除被关停通道）', '通道临时关停，请稍后重试', 'report-codes.md §1B 第三方资料', '3P', 'retry'],
  ['PARAMS_ILLEGAL', '参数错误（签名、文案或手机号参数错误）', '发送参数有误，请检查签名/内容/号码', 'report-codes.md §1B 第三方资料', '3P', 'check'],
  ['PORT_NOT_REGISTERED', '端口号未完成企业实名制报备', '签名/端口未完成运营商实名报备', 'report-codes.md §1B 第三方资料', '3P', 'check'],
  ['SIGNATURE_BLACKLIST', '签名黑名单', '签名被运营商拉黑，请更换或申诉', 'report-codes.md §1B 第三方资料', '3P', 'check'],
  [
    'W-BLACK',
    '机主曾在12321、运营商、工信部等平台投诉过，用被投诉的签名再次发送会返回黑名单错误码',
    '对方曾投诉过该签名，不要再向其发送',
    'Aliyun FAQ help.aliyun.com/zh/document_detail/2679007.html',
    'DOC',
    'suppress',
  ],
  [
    'MOBILE_|MOBLLE_|SP_UNKN|USER_RE|PARAMS_',
    '7 位截断代码，看起来是阿里云代码被截到 CMPP stat 宽度；腾讯云另有解释（如 USER_RE：关键字拦截；MOBLLE_：黑名单），各来源说法不一',
    '含义不确定，请以原始代码向服务商确认',
    `${T3771}（国际站副本）`,
    'DOC CONFLICT',
    'check',
  ],
  // ---- 1C China Mobile (CMPP) and cross-carrier codes ----
  ['MK:0000', '号码不存在；一般是号码停机、空号导致（也有记录为地区屏蔽）', '空号或停机，请剔除该号码', `${T3771}; ${YHDKZY}`, 'DOC 3P', 'check'],
  ['MK:0001', 'HLR中无此号码，短信中心返回“无法识别号码”，即号码错误 / 不存在的用户', '号码错误或空号', `${T3771}; ${YHDKZY}`, 'DOC 3P', 'check'],
  ['MK:0004', '停机或关机', '对方停机或关机，可稍后重试', T3771, 'DOC', 'retry'],
  [
    'MK:0005',
    '不同版本说法不一：号码不存在、停机或暂停服务 / 呼叫被禁止（该用户短信业务被禁止） / 停机',
    '对方号码停机或短信功能受限。若号码正常，请对方联系运营商确认短信功能已开通',
    `${T3771}; ${YHDKZY}`,
    'DOC 3P CONFLICT',
    'check',
  ],
  ['MK:0010', '暂时不可达；关机或不在服务区，超出短信最大保存时间', '对方暂时无法接收，可稍后重发', `${T3771}; ${YHDKZY}`, 'DOC 3P', 'retry'],
  ['MK:0012', '号码不存在（也有“云南屏蔽”的记录）', '空号，请剔除', `${T3771}; ${YHDKZY}`, 'DOC 3P', 'check'],
  ['MK:0013', '号码不存在 / 停机', '空号或停机', `${T3771}; ${YHDKZY}; ${SMS0051}`, 'DOC 3P', 'check'],
  ['MK:0015', 'MS端错误：终端接收时出现软件问题（如手机重启后短信模块未初始化）', '对方手机异常，可稍后重发', `${T3771}; ${SMS0051}`, 'DOC', 'retry'],
  ['MK:0017', '手机存储已满', '对方短信收件箱已满', T3771, 'DOC', 'retry'],
  ['MK:0023', '腾讯云：运营商内部错误；另一来源：用户关机', '对方可能关机或运营商异常，可稍后重试', `${T3771}; ${YHDKZY}`, 'DOC 3P CONFLICT', 'retry'],
  ['MK:0024', '发送时对方关机导致失败', '对方关机，可稍后重发', T3771, 'DOC', 'retry'],
  ['MK:0029', '暂时不可达', '对方暂时无法接收，可稍后重发', T3771, 'DOC', 'retry'],
  ['MK:0115', '腾讯云：空号/停机/关机；另一来源：垃圾短信被拦截', '未送达（号码异常或被判垃圾短信）', `${T3771}; ${YHDKZY}`, 'DOC 3P CONFLICT', 'check'],
  ['MK:1004', '关键字拦截（内容触发审核关键字，进入审核）', '内容触发运营商审核，请修改文案', SMS0051, 'DOC', 'check'],
  ['MN:0001', '空号、停机或关机（也有“地区屏蔽”的记录）', '号码异常，请核实', `${T3771}; ${YHDKZY}`, 'DOC 3P', 'check'],
  ['MN:0036', '不在服务区', '对方不在服务区，可稍后重发', T3771, 'DOC', 'retry'],
  ['MN:0059', '不在服务区（旧版：空号/停机/关机）', '对方暂时无法接收', T3771, 'DOC', 'retry'],
  ['MI:0013', '停机或关机', '对方停机或关机', T3771, 'DOC', 'check'],
  ['MI:0019|MI:0051', '用户账户异常、欠费等', '对方号码欠费或账户异常', IOT0303, 'DOC', 'check'],
  ['MI:0024', '用户手机关机', '对方关机，可稍后重发', `${IOT0303}; ${T3771}`, 'DOC', 'retry'],
  ['MI:0029', '终端问题 / 停机或关机', '对方手机或号码异常', `${IOT0303}; ${T3771}`, 'DOC', 'check'],
  ['MI:0052', '漫游限制', '对方漫游受限', `${IOT0303}; ${T3771}`, 'DOC', 'check'],
  ['MI:0054|MI:0059', '空号、停机或关机', '号码异常，请核实', `${IOT0303}; ${T3771}`, 'DOC', 'check'],
  ['MI:0055', '终端问题（如停机、故障、信号不稳）', '对方手机异常，可稍后重发', IOT0303, 'DOC', 'retry'],
  ['MI:0079', '超过下发限制', '该号码接收次数超限，请次日再发', IOT0303, 'DOC', 'retry'],
  ['MI:0099', '手机终端问题、内存满、SIM卡满、非法设备等', '对方手机异常或存储满', IOT0303, 'DOC', 'retry'],
  ['IC:0001', '停机或关机', '对方停机或关机', T3771, 'DOC', 'check'],
  ['IC:0151', '空号、停机或关机', '号码异常，请核实', T3771, 'DOC', 'check'],
  ['IB:0008', '流量控制错（移动内部错误，建议不处理）', '运营商网关繁忙，可稍后重试', `${DAGUANG}; ${YHDKZY}`, '3P', 'retry'],
  ['IB:0012', '携号转网导致发送失败', '号码已携号转网，可稍后重试或联系服务商', T3771, 'DOC', 'retry'],
  ['ID:0076', '关键字拦截', '内容触发运营商关键词拦截，请修改文案', T3771, 'DOC', 'check'],
  ['DB:0108', '业务暂停服务 / 运营商问题', '运营商侧异常', `${YHDKZY}; ${IOT0302}`, '3P DOC', 'check'],
  ['DB:0139', '下发时间段违法', '当前时段不允许发送（营销短信请在白天发送）', `${IOT0302}; ${T3771}`, 'DOC', 'retry'],
  ['DB:0141', '运营商黑名单（因多次投诉被移动或工信部列入黑名单）', '对方曾投诉，已被列入黑名单，请勿再发', `${IOT0302}; ${T3771}`, 'DOC', 'suppress'],
  ['DB:0142', '超过日最大发送MT数量', '当日发送量超限，请次日再发', `${YHDKZY}; ${T3771}`, '3P DOC', 'retry'],
  ['DB:0143', '华为：携号转网、异网；腾讯云：当日最大下行数超限', '号码异常或当日超限', `${IOT0302}; ${T3771}`, 'DOC CONFLICT', 'check'],
  ['DB:0144', '用户在全局黑名单中 / 网关黑名单', '对方在黑名单中，请勿再发', `${IOT0302}; ${T3771}; ${YHDKZY}`, 'DOC 3P', 'suppress'],
  ['MB:1042', '短信中心缓存的待下发给该用户的短信数超过上限', '对方待接收短信过多，可稍后重发', T3771, 'DOC', 'retry'],
  ['MB:1047|MB:1048|MB:1049', '主叫/被叫/计费用户为NP_OUT（携号转出）用户', '号码已携号转网，建议稍后重试', SMS0051, 'DOC', 'retry'],
  ['MB:1077', '因对移动的恶意投诉记录被列入黑名单', '对方曾投诉，勿再发送', `${T3771}（国际站副本）`, 'DOC', 'suppress'],
  ['NP:1243|1243', '用户转网至联通 / 携号转网', '号码已携号转网', `${YHDKZY}; ${T3771}`, '3P DOC', 'check'],
  ['MX:0003', '单个手机号码当天下行条数超过上限（长短信算1条）', '该号码今日接收已达上限，请次日再发', T3771, 'DOC 3P', 'retry'],
  ['MX:0011', '目标号码在禁1年黑名单中（恶意/多次投诉）', '对方曾投诉，长期屏蔽，请勿再发', T3771, 'DOC 3P', 'suppress'],
  ['MX:0012', '目标号码在客户退订黑名单中（用户回复退订后加入）', '对方已回复退订，请从名单中移除', T3771, 'DOC 3P', 'suppress'],
  ['TUIDING', '腾讯云归类为运营商黑名单（字面即“退订”拼音——推断）', '对方已退订', T3771, 'DOC EX', 'suppress'],
  [
    'BLACK|MBBLACK|DBBLACK|TDBLACK|TSBLACK',
    '号码黑名单：可能回复过退订信息或向工信部投诉过（MBBLACK本地黑名单，DBBLACK网关黑名单）',
    '对方在黑名单（多因退订/投诉），请勿再发',
    `${SMS0051}; ${YHDKZY}`,
    'DOC 3P',
    'suppress',
  ],
  ['HD:0001', '运营商黑名单（第三方通道注明“移动黑名单 可解除”）', '对方在黑名单', `${T3771}; anxin163.com/news_view.asp?id=78`, 'DOC 3P', 'suppress'],
  ['DI:9403', '平台自定义错误：手机号码黑名单，可申请解除', '对方在黑名单', `report-codes.md §1C 第三方资料; ${T3771}`, '3P DOC', 'suppress'],
  ['KEYWORD', '短信关键字拦截', '内容含敏感词，请修改文案', SMS0051, 'DOC', 'check'],
  ['MILIMIT|LIMIT|BEYONDN|CTLIMIT', '达到分钟/当日/总下发限制', '发送过于频繁，稍后或次日再发', SMS0051, 'DOC', 'retry'],
  [
    'VALVE:M|VALVE:H|VALVE:D|VALVE:M_MC|VALVE:H_MC|VALVE:D_MC',
    '频率限制（第三方：重复过滤，建议减少每分钟/每小时/每天的发送量）',
    '发送过于频繁',
    T3771,
    'DOC 3P',
    'retry',
  ],
  ['OVER_SE', '网关限制发送时段（7:00–21:00）', '不在允许发送的时段内', T3771, 'DOC', 'retry'],
  ['NOTITLE|GB:0016|E200020', '运营商关键字拦截（营销短信须加退订方式）', '营销短信缺少退订提示', T3771, 'DOC', 'check'],
  ['SME13', '运营商黑名单', '对方在黑名单', T3771, 'DOC', 'suppress'],
  ['SME-9', '（联通）号码不存在', '空号', T3771, 'DOC', 'check'],
  ['SGIP:1', '（联通）号码不存在', '号码异常', T3771, 'DOC', 'check'],
  ['SGIP:5|SGIP:13', '（联通）停机', '号码异常', T3771, 'DOC', 'check'],
  ['SGIP:24', '（联通）停机或关机', '号码异常或关机', T3771, 'DOC', 'check'],
  ['SGIP:-37', '（联通）关机', '对方关机，可稍后重发', T3771, 'DOC', 'retry'],
  ['SMGP640', '（电信）号码不存在', '号码异常', T3771, 'DOC', 'check'],
  ['SMGP601', '（电信）空号、停机、关机', '号码异常', T3771, 'DOC', 'check'],
  ['ERR:601', '（电信）停机', '号码异常', T3771, 'DOC', 'check'],
  ['-106', '（三网，腾讯云）运营商关键字拦截', '内容含敏感词，请修改文案', `${T3771}（中文页摘录）`, 'DOC', 'check'],
  ['002', '（三网，腾讯云）关机、停机、无法接通、不在服务区', '号码异常或暂时无法接收', `${T3771}（中文页摘录）`, 'DOC', 'check'],
];

/** §1D: families for codes not in the table. A hint only; the UI says it is a family match. */
const FAMILIES: Array<[prefixes: string, meaning: string, source: string, tags: string]> = [
  ['MK:|MN:|MI:|LT:', '多为手机号码问题：空号、停机、关机、无法接通等', `${SMS0051}; mysubmail.com/documents/1XQAE4; ${T3771}`, 'DOC 3P'],
  ['MA:', 'SMSC未返回响应消息（ISMG连接SMSC错误）', `${SMS0051}; ${DAGUANG}`, 'DOC 3P'],
  ['MB:', 'SMSC返回错误响应消息', `${SMS0051}; ${DAGUANG}`, 'DOC 3P'],
  ['MC:', '未从SMSC处接收到状态报告', `${SMS0051}; ${DAGUANG}`, 'DOC 3P'],
  ['IA:|IB:|IC:|ID:', '下一级ISMG返回错误/无响应（多为运营商内部错误）', `${DAGUANG}; ${T3771}`, '3P DOC'],
  ['CA:|CB:|DA:|DB:', 'SCP / DSMP（管理平台）返回的错误：空号、停机、黑名单、时段、流量等', `${DAGUANG}; ${IOT0302}`, '3P DOC'],
];

export const REPORT_CODES: readonly ReportCodeInfo[] = ROWS.map(([codes, meaning, advice, source, tags, kind]) => ({
  codes: codes.split('|'),
  meaning,
  advice,
  source,
  tags,
  kind,
}));
const BY_CODE = new Map<string, ReportCodeInfo>();
for (const info of REPORT_CODES) for (const code of info.codes) BY_CODE.set(code, info);

/** Codes that mean success: 0, 000, DELIVRD… (a public code comment says each carrier differs). */
const SUCCESS_ALIASES = new Set(['0', '000']);

export interface ErrCodeExplanation {
  /** As received (trimmed). */
  code: string;
  /** exact = listed; family = only its prefix family is known (§1D); none = shown verbatim (未收录代码). */
  match: 'exact' | 'family' | 'none';
  meaning: string | null;
  advice: string | null;
  source: string | null;
  tags: string | null;
  kind: ReportCodeAdvice | null;
}

export function explainErrCode(raw: string | null | undefined): ErrCodeExplanation {
  const code = (raw ?? '').trim();
  const key = code.toUpperCase();
  const exact = BY_CODE.get(key);
  if (exact) return { code, match: 'exact', meaning: exact.meaning, advice: exact.advice, source: exact.source, tags: exact.tags, kind: exact.kind };
  if (SUCCESS_ALIASES.has(key)) {
    return {
      code,
      match: 'exact',
      meaning: '成功（部分运营商以 0 / 000 表示成功）',
      advice: '已送达',
      source: 'TaFcSmsDR 样例代码注释（report-codes.md §0）',
      tags: 'EX',
      kind: 'delivered',
    };
  }
  for (const [prefixes, meaning, source, tags] of FAMILIES) {
    if (prefixes.split('|').some((p) => key.startsWith(p))) return { code, match: 'family', meaning, advice: null, source, tags, kind: null };
  }
  return { code, match: 'none', meaning: null, advice: null, source: null, tags: null, kind: null };
}

/**
 * What a seller reads for a code: one plain meaning with one action (the row's advice), or for a prefix-only match
 * the family's meaning marked as inferred; null for an unlisted code (shown verbatim). Research wording, vendor
 * disagreements and sources stay in this file and the docs.
 */
export function sellerExplanation(raw: string | null | undefined): { text: string; inferred: boolean } | null {
  const e = explainErrCode(raw);
  if (e.match === 'exact') return { text: e.advice ?? '', inferred: false };
  if (e.match === 'family' && e.meaning) return { text: e.meaning, inferred: true };
  return null;
}

/**
 * Codes whose own advice is not to send again: the number is on a carrier/complaint blacklist or opted out (kind
 * suppress), or it does not exist (空号). 重发失败号码 leaves these out unless the seller includes them.
 */
export type DoNotResendReason = 'blocked' | 'no-such-number';
const NO_SUCH_NUMBER = new Set(['MK:0000', 'MK:0001', 'MK:0012']);

export function doNotResendReason(raw: string | null | undefined): DoNotResendReason | null {
  const e = explainErrCode(raw);
  if (e.match !== 'exact') return null;
  if (e.kind === 'suppress') return 'blocked';
  return NO_SUCH_NUMBER.has(e.code.toUpperCase()) ? 'no-such-number' : null;
}
