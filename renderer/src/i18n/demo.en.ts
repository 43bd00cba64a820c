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
    'No Taobao account needed: a simulated Open Platform and message queue on this computer, with an approved template, signature and short link ready. Send a test SMS to any mobile number: the delivery report arrives within seconds and the simulated buyer replies.',
  demoAction: 'Enter the demo',
  demoSeparate: 'Demo data lives in its own profile folder and never mixes with your real data.',
  entering: 'Starting the demo…',
  banner:
    'Demo mode: data comes from a simulated platform on this computer; no SMS is really sent. Simulated buyers answer the first SMS each number gets within seconds.',
  testSend: 'Send a test SMS',
  testTitle: 'Send a test SMS',
  testPhone: 'Mobile number',
  testPhonePlaceholder: 'Any 11-digit mobile number',
  testPhoneInvalid: 'Enter an 11-digit mobile number (starting with 1)',
  testMessage: 'Message',
  testTemplate: 'Template "{{name}}", example values filled in',
  testWhatNext:
    "Sending opens this SMS's send page: it shows Delivered after about 3 seconds; a few seconds later the simulated buyer replies and a notice pops up at the bottom right. Click it to open the thread.",
  testSubmit: 'Send',
  testNoTemplate: 'The demo template is not ready yet; try again in a moment.',
  exit: 'Leave the demo',
  exiting: 'Leaving the demo…',
  failed: 'Could not enter demo mode',
};
