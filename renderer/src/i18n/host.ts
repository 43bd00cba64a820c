// Browser host connection notices. Mounted as `host.*`.
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const hostZh = {
  lost: '本机服务已停止',
  lostHelp: '浏览器版需要本机程序在运行。请在电脑上重新运行 npm start，然后点“重试”。',
  replaced: '程序已重新启动，请打开新地址',
  replacedHelp: '为安全起见，每次启动都会生成新的访问地址。请使用终端里最新打印的地址（或程序自动打开的页面），并关闭本页。',
  retry: '重试',
};

export const hostEn: Widen<typeof hostZh> = {
  lost: 'The local service has stopped',
  lostHelp: 'The browser version needs the program running on this computer. Run npm start again, then click Retry.',
  replaced: 'The program was restarted: open the new address',
  replacedHelp: 'For safety every launch has a new address. Use the one printed last in the terminal (or the page the program opened) and close this one.',
  retry: 'Retry',
};
