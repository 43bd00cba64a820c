// 概览 (landing page). zh-CN first; en typed against it. Mounted as `overview.*`.

export const overviewZh = {
  title: '概览',
  today: '今日发送',
  week: '近 7 天发送',
  deliveryRate: '近 7 天送达率',
  deliveryRateHelp: '已送达 ÷（已送达 + 失败），不含仍在等待回执的号码',
  unread: '未读回复',
  audit: '等待审核',
  auditDetail: '模板 {{templates}} · 签名 {{signatures}}',
  campaigns: '进行中 / 已排期',
  campaignsDetail: '发送中 {{sending}} · 已暂停 {{paused}} · 已排期 {{scheduled}} · 已错过 {{missed}}',
  chartTitle: '近 7 天每日发送与送达',
  sent: '发送',
  delivered: '送达',
  failed: '失败',
  pending: '等待回执',
  services: '服务状态',
  gateway: '开放平台网关',
  poller: '消息接收',
  open: '查看',
  none: '暂无',
};
