// Electron security checklist pieces, kept pure so unit tests can assert them without Electron.

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function secureWebPreferences(preloadPath: string, options: { devTools: boolean }) {
  return {
    preload: preloadPath,
    // A packaged app has no DevTools: they would let anyone at the PC script the renderer's contract calls.
    devTools: options.devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  } as const;
}

/**
 * Sites a seller may be sent to from the app: Taobao/Tmall seller and open-platform pages, Jushita, and Aliyun's
 * consoles and help. Exact hosts, plus two suffixes whose every subdomain is an Alibaba-run console. No CDN, mirror
 * or shop hosts: those serve content uploaded by anyone (alicdn.com, npmmirror.com, *.taobao.com shops).
 */
const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'open.taobao.com', // 开放平台: apps, docs, authorisation
  'oauth.taobao.com',
  'login.taobao.com',
  'fuwu.taobao.com', // 服务市场 (the 聚石塔短信 package)
  'myseller.taobao.com', // 千牛卖家中心
  'jst.taobao.com', // 聚石塔
  'www.taobao.com',
  'www.tmall.com',
  'developer.alibaba.com', // TOP doc-centre mirror
  'www.aliyun.com',
  'help.aliyun.com',
  'signin.aliyun.com',
  'account.aliyun.com',
  'console.aliyun.com',
]);
const EXTERNAL_HOST_SUFFIXES = ['.console.aliyun.com', '.jst.taobao.com'];

export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return false;
  // URL has already lowered the host and turned look-alike Unicode into punycode; no IDN is on the list.
  const host = url.hostname;
  if (host.split('.').some((label) => label.startsWith('xn--'))) return false;
  return EXTERNAL_HOSTS.has(host) || EXTERNAL_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix));
}

/** Where our renderer may live: the app:// origin, or the dev server while developing. */
export function isAppUrl(raw: string, devServerUrl?: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  if (devServerUrl) {
    const dev = new URL(devServerUrl);
    return url.protocol === dev.protocol && url.host === dev.host;
  }
  return false;
}

export interface SenderLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** IPC is accepted only from the main frame of our own window showing our own page. */
export function isTrustedSender(event: SenderLike, trustedWebContentsIds: ReadonlySet<number>, devServerUrl?: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!trustedWebContentsIds.has(event.sender.id)) return false;
  return isAppUrl(frame.url, devServerUrl);
}
