import { isOrderField, ORDER_FIELDS, type OrderField } from '../../shared/orders/fields';
import { sendToSegment } from '../core/audiences/send';
import type { Core } from '../core/app-core';
import { approvedTemplateByCode } from '../core/sending/drafts';
import { campaignJson, exitCodeFor, humanCounts } from './campaign-view';
import { withCliCore } from './core';
import type { CliIo } from './io';

export const SEGMENT_USAGE = `Usage:
  jst-sms send --segment <id> [--control-percent P] --template <code> --sign <name> [--var <name>=<orderField>]...
               [--name <campaign name>] [--dry-run | --yes] [--json] [--verbose]

Sends to a saved audience (jst-sms segments): the segment is evaluated now and each buyer gets one SMS by OAID for
their most recent matching order. --control-percent holds back P % of the buyers (0–50, chosen at random, recorded,
never sent) as the control group that jst-sms effect compares against.
--var maps a template variable to an order field (${ORDER_FIELDS.join(', ')}).
--json prints the same object as send, with counts.control (buyers held back).
Exit: 0 final state (or dry run / draft), 3 paused / waiting, 1 error, 2 usage.
`;

interface SegmentSendArgs {
  segment: number;
  controlPercent: number;
  template: string;
  sign: string;
  vars: Record<string, OrderField>;
  name?: string;
  dryRun: boolean;
  yes: boolean;
  json: boolean;
  verbose: boolean;
}

function parse(args: string[]): SegmentSendArgs | string {
  const out: Partial<SegmentSendArgs> & { vars: Record<string, OrderField> } = {
    vars: {},
    controlPercent: 0,
    dryRun: false,
    yes: false,
    json: false,
    verbose: false,
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = () => args[++i];
    switch (flag) {
      case '--segment': {
        const v = value();
        if (!v || !/^[1-9]\d{0,15}$/.test(v)) return `--segment needs a segment id, got: ${v ?? '(nothing)'}`;
        out.segment = Number(v);
        break;
      }
      case '--control-percent': {
        const v = value();
        const n = Number(v);
        if (!v || !/^\d+(\.\d+)?$/.test(v) || n > 50) return `--control-percent needs 0–50, got: ${v ?? '(nothing)'}`;
        out.controlPercent = n;
        break;
      }
      case '--template':
        out.template = value();
        break;
      case '--sign':
        out.sign = value();
        break;
      case '--name':
        out.name = value();
        break;
      case '--var': {
        const v = value() ?? '';
        const at = v.indexOf('=');
        const field = v.slice(at + 1);
        if (at <= 0 || !isOrderField(field)) return `--var needs name=<orderField> (${ORDER_FIELDS.join(', ')}), got: ${v}`;
        out.vars[v.slice(0, at)] = field;
        break;
      }
      case '--dry-run':
        out.dryRun = true;
        break;
      case '--yes':
      case '-y':
        out.yes = true;
        break;
      case '--json':
        out.json = true;
        break;
      case '--verbose':
        out.verbose = true;
        break;
      default:
        return `Unknown option for a segment send: ${flag}`;
    }
  }
  if (out.segment === undefined) return '--segment is required.';
  if (!out.template) return '--template is required.';
  if (!out.sign) return '--sign is required.';
  if (out.dryRun && out.yes) return 'Give --dry-run or --yes, not both.';
  return out as SegmentSendArgs;
}

/** `jst-sms send --segment <id> …`: one SMS per buyer of the segment by OAID, a control group held back. */
export async function runSegmentSend(args: string[], io: CliIo): Promise<number> {
  const parsed = parse(args);
  if (typeof parsed === 'string') {
    io.stderr.write(`${parsed}\n\n${SEGMENT_USAGE}`);
    return 2;
  }
  return withCliCore(io, { verbose: parsed.verbose }, async (core) => {
    const { sending, audiences, top } = core.services;
    // A template known only on the platform is imported (approved ones only), as send does.
    await approvedTemplateByCode(core.ctx, () => top.client(), parsed.template);
    const { campaign, control } = await sendToSegment(core.ctx, audiences, sending, {
      segmentId: parsed.segment,
      control: { percent: parsed.controlPercent },
      name: parsed.name,
      templateCode: parsed.template,
      signName: parsed.sign,
      varMap: parsed.vars,
    });
    const id = campaign.id;
    sending.engine.limitTo(id);
    io.stderr.write(`[人群] 对照组 ${control} 位买家（不发送），发送 ${campaign.counts.rows} 位\n`);
    const check = await sending.check(id);
    for (const item of check.items)
      io.stderr.write(`[检查] ${item.severity === 'error' ? '错误' : item.severity === 'warning' ? '提醒' : '说明'}：${item.message}\n`);
    if (!check.ready) {
      if (parsed.json) io.stdout.write(JSON.stringify(resultJson(core, id, control)) + '\n');
      return 1;
    }
    if (parsed.dryRun || !parsed.yes) {
      if (!parsed.dryRun) io.stderr.write(`[send] 未发送：加 --yes 确认发送（群发 #${id} 已保存为草稿）。\n`);
      return finish(core, id, control, parsed.json, io);
    }
    await sending.start(id);
    await settle(core, id, io);
    return finish(core, id, control, parsed.json, io);
  });
}

function resultJson(core: Core, id: number, control: number) {
  const j = campaignJson(core.services.sending, core.services.sending.mustGet(id));
  return { ...j, counts: { ...j.counts, control } };
}

function finish(core: Core, id: number, control: number, json: boolean, io: CliIo): number {
  const c = core.services.sending.mustGet(id);
  const j = resultJson(core, id, control);
  if (json) io.stdout.write(JSON.stringify(j) + '\n');
  else io.stdout.write(`#${j.id} ${j.name}：${c.state}${c.reason ? `（${c.reason}）` : ''}\n${humanCounts(j)}；对照组 ${control}\n`);
  if (c.reasonCode && c.state !== 'completed') io.stderr.write(`[send] ${c.reasonCode}: ${c.reason}\n`);
  return exitCodeFor(c);
}

/** Until nothing more happens by itself; Ctrl+C / SIGTERM pauses (send --resume <id> continues). */
async function settle(core: Core, id: number, io: CliIo) {
  const { engine } = core.services.sending;
  const onSignal = () => {
    io.stderr.write(`[send] 正在停止：已暂停，可用 send --resume ${id} 继续…\n`);
    engine.pause(id);
    void engine.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await engine.settled(id);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
