// English for host.ts (typed against its zh-CN strings); loaded only when the seller picks English.
import type { hostZh } from './host';
import type { Widen } from './widen';

export const hostEn: Widen<typeof hostZh> = {
  lost: 'The local service has stopped',
  lostHelp: 'The browser version needs the program running on this computer. Run npm start again, then click Retry.',
  replaced: 'The program was restarted: open the new address',
  replacedHelp: 'For safety every launch has a new address. Use the one printed last in the terminal (or the page the program opened) and close this one.',
  retry: 'Retry',
};
