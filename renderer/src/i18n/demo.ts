// 体验演示模式 and the first-run welcome. zh-CN first; en typed against it. Mounted as `demo.*`.

export const demoZh = {
  welcomeTitle: '欢迎使用聚石塔短信助手',
  welcomeIntro: '两种开始方式：连接您自己的淘宝店铺，或者先用演示数据把整个流程走一遍。',
  connectTitle: '连接我的店铺',
  connectBody: '需要淘宝开放平台应用的 App Key / App Secret、店铺授权的 sessionKey，以及聚石塔消息队列的接入信息（约 10 项）。',
  connectAction: '开始设置',
  demoTitle: '体验演示模式',
  demoBody:
    '无需淘宝账号：本机模拟的开放平台和消息队列，已准备好审核通过的模板、签名和淘短链。输入任意手机号发一条测试短信，几秒内收到送达回执，模拟买家随后回复。',
  demoAction: '进入演示',
  demoSeparate: '演示数据保存在单独的资料目录，不会与您的真实数据混在一起。',
  entering: '正在启动演示环境…',
  banner: '演示模式：数据来自本机模拟的平台，短信不会真的发出。每个号码收到的第一条短信，模拟买家都会在几秒内回复。',
  testSend: '发一条测试短信',
  testTitle: '发一条测试短信',
  testPhone: '手机号',
  testPhonePlaceholder: '输入任意 11 位手机号',
  testPhoneInvalid: '请输入 11 位手机号（1 开头）',
  testMessage: '短信内容',
  testTemplate: '模板“{{name}}”，示例内容已填好',
  testWhatNext: '发送后会打开这条短信的发送页：约 3 秒后显示“已送达”，再过几秒模拟买家回复，右下角弹出提醒，点击即可打开会话。',
  testSubmit: '发送',
  testNoTemplate: '演示模板还没准备好，请稍后再试。',
  exit: '退出演示',
  exiting: '正在退出演示…',
  failed: '无法进入演示模式',
};
