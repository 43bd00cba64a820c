// 体验演示模式 and the first-run welcome. zh-CN first; en typed against it. Mounted as `demo.*`.

export const demoZh = {
  welcomeTitle: '欢迎使用聚石塔短信助手',
  welcomeIntro: '两种开始方式：连接您自己的淘宝店铺，或者先用演示数据把整个流程走一遍。',
  connectTitle: '连接我的店铺',
  connectBody: '需要淘宝开放平台应用的 App Key / App Secret、店铺授权的 sessionKey，以及聚石塔消息队列的接入信息（约 10 项）。',
  connectAction: '开始设置',
  demoTitle: '体验演示模式',
  demoBody: '无需淘宝账号：本机模拟的开放平台和消息队列，已准备好审核通过的模板、签名和淘短链。发送后几秒收到送达回执，部分“买家”还会回复。',
  demoAction: '进入演示',
  demoSeparate: '演示数据保存在单独的资料目录，不会与您的真实数据混在一起。',
  entering: '正在启动演示环境…',
  banner: '演示模式：数据来自本机模拟的平台，短信不会真的发出。',
  exit: '退出演示',
  exiting: '正在退出演示…',
  failed: '无法进入演示模式',
};
