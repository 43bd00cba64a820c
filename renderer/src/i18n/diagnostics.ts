// Message diagnostics (quarantined MQ messages): zh-CN first (the default); English in diagnostics.en.ts. Mounted as `diagnostics.*`.

export const diagnosticsZh = {
  title: '诊断：无法识别的推送消息',
  intro: '这些消息无法解析或无法判断是发送结果报告还是买家回复，已确认（不会反复推送）并原样保存在这里，供排查格式问题。',
  reload: '刷新',
  empty: '没有无法识别的消息',
  receivedAt: '收到时间',
  tag: 'Topic / Tag',
  reason: '原因',
  body: '消息内容（原文）',
  kinds: { report: '回执', reply: '上行短信', order: '订单消息', other: '其他消息' },
  signals: { topic: 'Topic', tag: '标签', envelope: '信封 topic' },
  // Main stores these reasons in Chinese (shared/mq-quarantine.ts); the renderer shows the stored text in zh-CN.
  reasons: {
    'too-large': '消息体过大（{{bytes}} 字节，上限 {{limit}} 字节），未解析；只保存了前 {{limit}} 字节。',
    'body-empty': '消息体为空。',
    'body-not-json': '消息体不是 JSON（{{detail}}）。',
    'body-array': '消息体是 JSON 数组，不是单条回执或上行短信。',
    'body-not-object': '消息体不是 JSON 对象。',
    'envelope-content-empty': '信封中的 content 不是 JSON：消息体为空。',
    'envelope-content-not-json': '信封中的 content 不是 JSON：消息体不是 JSON（{{detail}}）。',
    'envelope-content-not-object': '信封中的 content 不是 JSON 对象。',
    'classification-conflict': '分类冲突：{{firstBy}} {{first}} 表示{{firstKind}}，{{secondBy}} {{second}} 表示{{secondKind}}。',
    'unknown-envelope-topic': '不认识的信封 topic：{{topic}}',
    'unrecognised-tag': '无法识别的消息（标签 {{tag}}）。',
    unrecognised: '无法识别的消息：既不是回执也不是上行短信。',
    'field-missing': '{{kind}}字段无效：{{field}} 缺失',
    'field-empty': '{{kind}}字段无效：{{field}} 为空',
    'field-type': '{{kind}}字段无效：{{field}} 类型无效',
    'order-topic-unsupported': '不支持的订单消息 topic：{{topic}}',
    'order-other-seller': '订单消息属于其他卖家（{{seller}}），本店卖家昵称为 {{expected}}，未混入本店订单。',
  },
};
