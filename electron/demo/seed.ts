import type { RequestInput, RequestName, RequestResult } from '../../shared/contract';
import { BUYER_CAP_LIMITS } from '../../shared/automations/contract';
import type { SignatureView, TemplateView } from '../../shared/templates/contract';
import type { Core } from '../core/app-core';
import { DEMO_CREDENTIALS } from '../sim/top-gateway';
import { DEMO_MINUTE_MS } from './shop';
import {
  DEMO_AUTOMATION_TEMPLATES,
  DEMO_MARKETING_TEMPLATE,
  DEMO_NOTICE_EXAMPLE,
  DEMO_NOTICE_TEMPLATE,
  DEMO_SHOP_URL,
  DEMO_SIGNATURE,
  type DemoWorld,
} from './world';

/**
 * Points the demo profile at this run's simulators and makes sure the seller finds something to send with:
 * an approved notification template (with example values, for the one-number test SMS), a marketing template under review (approved ~10 s after submit), an
 * approved signature and a 淘短链. Everything goes through the contract, as the UI would.
 * The simulators keep their state in memory, so at every start the platform side is re-seeded from what the
 * demo profile already knows (its templates' codes and statuses, its signatures).
 */
/** One minute of an automation's delay in the demo (a 30-minute 催付 happens 30 seconds after the order). */
export const DEMO_DELAY_MINUTE_MS = DEMO_MINUTE_MS;

export async function seedDemoProfile(core: Core, world: DemoWorld): Promise<void> {
  const call = async <M extends RequestName>(method: M, input: RequestInput<M>): Promise<RequestResult<M>> => {
    const envelope = await core.dispatch(method, input);
    if (!envelope.ok) throw new Error(`demo seed: ${method} failed: ${envelope.error.message}`);
    return envelope.result as RequestResult<M>;
  };

  await call('settings.saveTop', { ...DEMO_CREDENTIALS, gatewayUrl: world.top.url, signMethod: 'hmac-sha256' });
  await call('settings.saveMq', {
    endpoint: world.mq.endpoint,
    accessKeyId: world.mq.accessKeyId,
    accessKeySecret: world.mq.accessKeySecret,
    instanceId: world.mq.instanceId,
    topics: world.mq.topics,
    groupId: world.mq.groups[0]!,
    messageTag: '',
  });

  const templates: TemplateView[] = await call('templates.list', {});
  for (const t of templates) {
    if (!t.platformCode || t.platformCode === DEMO_NOTICE_TEMPLATE.code) continue;
    const status = t.status === 'approved' ? 'approved' : t.status === 'rejected' ? 'rejected' : 'pending';
    world.top.control.seedTemplate({ code: t.platformCode, name: t.name, content: t.content, type: t.type, status, reason: t.reason || undefined });
  }
  const signatures: SignatureView[] = await call('signatures.list', {});
  for (const s of signatures) if (s.name !== DEMO_SIGNATURE && s.status === 'approved') world.top.control.seedSignature({ name: s.name, status: 'approved' });

  const notice = templates.find((t) => t.platformCode === DEMO_NOTICE_TEMPLATE.code) ?? (await call('templates.import', { code: DEMO_NOTICE_TEMPLATE.code }));
  if (Object.keys(notice.sampleValues).length === 0) {
    // Its example values and signature fill the demo's test SMS (renderer DemoTestSend), so only a number is typed.
    const { id, name, type, typeClass, content, remark } = notice;
    await call('templates.save', { id, name, type, typeClass, content, remark, sampleValues: { ...DEMO_NOTICE_EXAMPLE }, previewSignName: DEMO_SIGNATURE });
  }
  if (!signatures.some((s) => s.name === DEMO_SIGNATURE)) await call('signatures.import', { name: DEMO_SIGNATURE });
  if (!templates.some((t) => t.name === DEMO_MARKETING_TEMPLATE.name)) {
    const draft = await call('templates.save', {
      name: DEMO_MARKETING_TEMPLATE.name,
      type: 2,
      content: DEMO_MARKETING_TEMPLATE.content,
      remark: '演示：会员营销短信，审核约 10 秒后通过',
      sampleValues: { url: 'https://s.tb.cn/demo' },
      previewSignName: DEMO_SIGNATURE,
    });
    await call('templates.submit', { id: draft.id });
  }
  // Automations: each rule has its demo order template and the signature chosen, so the seller only switches it on. The
  // demo's buyers live in minutes, so one minute of a rule's delay lasts a second here (a setting, the same code path),
  // and the demo shop sends at any hour.
  for (const t of Object.values(DEMO_AUTOMATION_TEMPLATES))
    if (!templates.some((x) => x.platformCode === t.code)) await call('templates.import', { code: t.code });
  // Its dozen simulated buyers order again and again within minutes: the per-buyer cap is the highest allowed here.
  core.ctx.settings.update('automations', { ...core.ctx.settings.get().automations, delayMinuteMs: DEMO_DELAY_MINUTE_MS, buyerDailyCap: BUYER_CAP_LIMITS.max });
  for (const rule of await call('automations.list', {}))
    if (!rule.template)
      await call('automations.save', {
        kind: rule.kind,
        template: DEMO_AUTOMATION_TEMPLATES[rule.kind].code,
        sign: DEMO_SIGNATURE,
        window: { start: '00:00', end: '23:59' },
      });
  const links = await call('shortLinks.list', { includeExpired: false });
  if (links.length === 0) await call('shortLinks.create', { url: DEMO_SHOP_URL, tag: '演示会员', batchNumber: '1' });
}
