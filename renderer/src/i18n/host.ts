// Browser host connection notices. Mounted as `host.*`.

export const hostZh = {
  lost: '本机服务已停止',
  lostHelp: '浏览器版需要本机程序在运行。请在电脑上重新运行 npm start，然后点“重试”。',
  replaced: '程序已重新启动，请打开新地址',
  replacedHelp: '为安全起见，每次启动都会生成新的访问地址。请使用终端里最新打印的地址（或程序自动打开的页面），并关闭本页。',
  retry: '重试',
};
