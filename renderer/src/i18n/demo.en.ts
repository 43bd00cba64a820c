// English for demo.ts (typed against its zh-CN strings); loaded only when the seller picks English.
import type { demoZh } from './demo';
import type { Widen } from './widen';

export const demoEn: Widen<typeof demoZh> = {
  welcomeTitle: 'Welcome to Jushita SMS Assistant',
  welcomeIntro: 'Two ways to start: connect your own Taobao shop, or walk through the whole flow with demo data first.',
  connectTitle: 'Connect my shop',
  connectBody:
    "Needs your Taobao Open Platform app's App Key / App Secret, the shop's authorised sessionKey and the Jushita message-queue details (about 10 fields).",
  connectAction: 'Start setup',
  demoTitle: 'Try the demo',
  demoBody:
    'No Taobao account needed: a simulated Open Platform and message queue on this computer, with an approved template, signature and short link ready. Delivery reports arrive seconds after a send, and some "buyers" reply.',
  demoAction: 'Enter the demo',
  demoSeparate: 'Demo data lives in its own profile folder and never mixes with your real data.',
  entering: 'Starting the demo…',
  banner: 'Demo mode: data comes from a simulated platform on this computer; no SMS is really sent.',
  exit: 'Leave the demo',
  exiting: 'Leaving the demo…',
  failed: 'Could not enter demo mode',
};
