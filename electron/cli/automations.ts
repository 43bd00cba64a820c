import {
  AUTOMATION_KINDS,
  OUTSIDE_WINDOW,
  type AutomationDecisionView,
  type AutomationKind,
  type AutomationRuleInput,
  type AutomationRuleView,
  type OutsideWindow,
} from '../../shared/automations/contract';
import { approvedTemplateByCode } from '../core/sending/drafts';
import { withCliCore } from './core';
import type { CliCommand, CliIo } from './io';
import { callCore, isHelp, parseOptions, usageError, writeJson } from './options';
import { testGate } from './test-gate';

const USAGE = `Usage:
  jst-sms automations [--json]
  jst-sms automations set <kind> [--enable|--disable] [--template CODE] [--sign NAME] [--delay-min N]
                      [--window HH:mm-HH:mm] [--outside next-day|skip] [--json]
  jst-sms automations preview [--at "yyyy-MM-dd HH:mm:ss"] [--json]
  jst-sms automations run --once [--json]
  jst-sms automations log [--kind K] [--json]

Kinds: ${AUTOMATION_KINDS.join(', ')} (催付, 发货提醒, 签收关怀, 退款提醒, 好评邀请).
automations          The five rules with today's counts (triggered / sent / skipped).
set                  Changes a rule. --enable also covers the orders whose trigger is still open (the count is shown
                     first on stderr). A template code not known locally is looked up on the platform (must be approved).
preview              What would be decided at that Beijing time (default now), without sending or storing anything.
run --once           Decides and sends what is due now (no new events are consumed), waits until those sends settle.
log                  The decision log, newest first: sent (campaignId), skipped (reason) or waiting.
Reasons: paid, closed, quiet-hours, capped, duplicate, opted-out, template-not-approved, no-oaid, stale, refund, rated, disabled.

Profile: JST_SMS_PROFILE, JST_SMS_PASSPHRASE. TOP overrides: JST_TOP_APP_KEY, JST_TOP_APP_SECRET, JST_TOP_SESSION,
JST_TOP_GATEWAY, JST_TOP_SIGN_METHOD, JST_TOP_QPS.
`;

const isKind = (value: string): value is AutomationKind => (AUTOMATION_KINDS as readonly string[]).includes(value);

export const run: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (isHelp(sub) || sub === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  switch (sub) {
    case 'set':
      return set(rest, io);
    case 'preview':
      return preview(rest, io);
    case 'run':
      return runOnce(rest, io);
    case 'log':
      return log(rest, io);
    default:
      return list(args, io);
  }
};

/** The stable --json shape of a rule (acceptance checks read these names). */
function ruleJson(r: AutomationRuleView) {
  return {
    kind: r.kind,
    enabled: r.enabled,
    template: r.template,
    sign: r.sign,
    delayMinutes: r.delayMinutes,
    window: { start: r.window.start, end: r.window.end },
    outsideWindow: r.outsideWindow,
    counts: { triggered: r.counts.today.triggered, sent: r.counts.today.sent, skipped: r.counts.today.skipped },
  };
}

function ruleText(r: AutomationRuleView): string {
  const c = r.counts.today;
  return `${r.kind}\t${r.enabled ? '开启' : '关闭'}\t${r.template || '-'}\t${r.sign || '-'}\t延迟 ${r.delayMinutes} 分钟\t${r.window.start}-${r.window.end}\t${r.outsideWindow}\t今日 触发 ${c.triggered} 发送 ${c.sent} 跳过 ${c.skipped}\n`;
}

async function list(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { '--json': 'flag' }, { positionals: true });
  if (typeof parsed === 'string') return usageError(io, USAGE, parsed);
  if (parsed.rest.length) return usageError(io, USAGE, `Unknown command: ${parsed.rest[0]}`);
  return withCliCore(io, {}, async (core) => {
    const rules = await callCore<AutomationRuleView[]>(core, 'automations.list', {});
    if (parsed.flags.has('--json')) writeJson(io, rules.map(ruleJson));
    else for (const r of rules) io.stdout.write(ruleText(r));
    return 0;
  });
}

async function set(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(
    args,
    {
      '--enable': 'flag',
      '--disable': 'flag',
      '--template': 'value',
      '--sign': 'value',
      '--delay-min': 'value',
      '--window': 'value',
      '--outside': 'value',
      '--json': 'flag',
    },
    { positionals: true },
  );
  if (typeof parsed === 'string') return usageError(io, USAGE, parsed);
  const kind = parsed.rest[0];
  if (!kind || !isKind(kind) || parsed.rest.length > 1) return usageError(io, USAGE, kind ? `Unknown kind: ${kind}` : 'automations set needs a kind');
  if (parsed.flags.has('--enable') && parsed.flags.has('--disable')) return usageError(io, USAGE, '--enable and --disable exclude each other');
  const input: AutomationRuleInput = { kind };
  const delay = parsed.values.get('--delay-min');
  if (delay !== undefined) {
    if (!/^\d+$/.test(delay)) return usageError(io, USAGE, '--delay-min needs whole minutes');
    input.delayMinutes = Number(delay);
  }
  const window = parsed.values.get('--window');
  if (window !== undefined) {
    const m = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(window);
    if (!m) return usageError(io, USAGE, '--window needs HH:mm-HH:mm');
    input.window = { start: m[1]!, end: m[2]! };
  }
  const outside = parsed.values.get('--outside');
  if (outside !== undefined) {
    if (!(OUTSIDE_WINDOW as readonly string[]).includes(outside)) return usageError(io, USAGE, '--outside needs next-day or skip');
    input.outsideWindow = outside as OutsideWindow;
  }
  if (parsed.values.has('--sign')) input.sign = parsed.values.get('--sign')!;
  return withCliCore(io, {}, async (core) => {
    const template = parsed.values.get('--template');
    if (template !== undefined) {
      // A code the platform approved but this profile has not seen yet is imported first (as 发送 does).
      if (template) await approvedTemplateByCode(core.ctx, () => core.services.top.client(), template);
      input.template = template;
    }
    if (parsed.flags.has('--disable')) input.enabled = false;
    if (parsed.flags.has('--enable')) {
      const current = await callCore<AutomationRuleView[]>(core, 'automations.list', {});
      if (!current.find((r) => r.kind === kind)!.enabled) {
        // Save the other changes first, so the count is for the rule as it will be.
        const { kind: _k, ...changes } = input;
        if (Object.keys(changes).length) await callCore(core, 'automations.save', input);
        const check = core.services.automations.enableCheck(kind);
        const skipped = Object.entries(check.wouldSkip)
          .map(([reason, n]) => `${reason} ${n}`)
          .join('，');
        io.stderr.write(
          `[automations] 开启 ${kind}：待处理 ${check.open} 个，现在发送 ${check.wouldSendNow} 个，稍后 ${check.later} 个${skipped ? `，跳过 ${skipped}` : ''}\n`,
        );
        input.coverOpen = true;
      }
      input.enabled = true;
    }
    const rule = await callCore<AutomationRuleView>(core, 'automations.save', input);
    if (parsed.flags.has('--json')) writeJson(io, ruleJson(rule));
    else io.stdout.write(ruleText(rule));
    return 0;
  });
}

async function preview(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { '--at': 'value', '--json': 'flag' }, { positionals: true });
  if (typeof parsed === 'string') return usageError(io, USAGE, parsed);
  if (parsed.rest.length) return usageError(io, USAGE, `Unknown argument: ${parsed.rest[0]}`);
  return withCliCore(io, {}, async (core) => {
    const at = parsed.values.get('--at');
    const result = core.services.automations.preview({ ...(at ? { at } : {}), limit: Number.MAX_SAFE_INTEGER });
    const items = result.items.map((i) => ({ tid: i.tid, kind: i.kind, dueAt: i.dueAt, decision: i.decision, ...(i.reason ? { reason: i.reason } : {}) }));
    if (parsed.flags.has('--json')) writeJson(io, items);
    else {
      for (const i of items) io.stdout.write(`${i.tid}\t${i.kind}\t${i.dueAt}\t${i.decision}${i.reason ? `\t${i.reason}` : ''}\n`);
      io.stderr.write(`[automations] ${result.at}：发送 ${result.counts.send}，跳过 ${result.counts.skip}，等待 ${result.counts.wait}\n`);
    }
    return 0;
  });
}

async function runOnce(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { '--once': 'flag', '--json': 'flag' }, { positionals: true });
  if (typeof parsed === 'string') return usageError(io, USAGE, parsed);
  if (!parsed.flags.has('--once') || parsed.rest.length) return usageError(io, USAGE, 'automations run needs --once');
  const gate = testGate(io);
  return withCliCore(io, { sendHooks: gate?.send, automationHooks: gate?.automation }, async (core) => {
    const { automations, sending } = core.services;
    // Only automation campaigns are sent by this process: the seller's own campaigns stay with the app.
    sending.engine.limitTo((id) => sending.store.campaign(id)?.kind === 'automation');
    const unsettled = automations.unsettledCampaigns();
    sending.startBackground();
    const recovered = await automations.engine.recover();
    const result = await automations.runOnce();
    const campaigns = [...new Set([...unsettled, ...recovered, ...result.campaigns])];
    for (const id of campaigns) await sending.engine.settled(id);
    const out = { decided: result.decided, sent: result.sent, skipped: result.skipped };
    if (parsed.flags.has('--json')) writeJson(io, out);
    else {
      const skipped = Object.entries(result.skipped)
        .map(([reason, n]) => `${reason} ${n}`)
        .join('，');
      io.stdout.write(`已处理 ${out.decided} 个：发送 ${out.sent}${skipped ? `，跳过 ${skipped}` : ''}\n`);
    }
    return 0;
  });
}

async function log(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, { '--kind': 'value', '--json': 'flag' }, { positionals: true });
  if (typeof parsed === 'string') return usageError(io, USAGE, parsed);
  const kind = parsed.values.get('--kind');
  if (kind !== undefined && !isKind(kind)) return usageError(io, USAGE, `Unknown kind: ${kind}`);
  if (parsed.rest.length) return usageError(io, USAGE, `Unknown argument: ${parsed.rest[0]}`);
  return withCliCore(io, {}, async (core) => {
    const items: AutomationDecisionView[] = [];
    for (let page = 1; ; page++) {
      const result = await callCore<{ items: AutomationDecisionView[]; total: number }>(core, 'automations.log', {
        page,
        pageSize: 500,
        ...(kind ? { kind } : {}),
      });
      items.push(...result.items);
      if (result.items.length < 500 || items.length >= result.total) break;
    }
    const rows = items.map((i) => ({
      tid: i.tid,
      kind: i.kind,
      dueAt: i.dueAt,
      decidedAt: i.decidedAt,
      outcome: i.outcome,
      ...(i.reason ? { reason: i.reason } : {}),
      ...(i.campaignId !== undefined ? { campaignId: i.campaignId } : {}),
    }));
    if (parsed.flags.has('--json')) writeJson(io, rows);
    else
      for (const r of rows)
        io.stdout.write(
          `${r.tid}\t${r.kind}\t${r.dueAt}\t${r.decidedAt ?? '-'}\t${r.outcome}${r.reason ? `\t${r.reason}` : ''}${r.campaignId ? `\t#${r.campaignId}` : ''}\n`,
        );
    return 0;
  });
}
