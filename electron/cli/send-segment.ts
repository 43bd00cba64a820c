import { ORDER_FIELDS } from '../../shared/orders/fields';
import { sendToSegment } from '../core/audiences/send';
import type { Core } from '../core/app-core';
import { approvedTemplateByCode } from '../core/sending/drafts';
import { campaignJson, exitCodeFor, humanCounts, writeCheckItems } from './campaign-view';
import { withCliCore } from './core';
import type { CliIo } from './io';
import { parseOrUsage, writeJson } from './options';
import { parseSegmentSendArgs } from './send-args';

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

/** `jst-sms send --segment <id> …`: one SMS per buyer of the segment by OAID, a control group held back. */
export async function runSegmentSend(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOrUsage(io, SEGMENT_USAGE, () => parseSegmentSendArgs(args));
  if (parsed === 2) return parsed;
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
    writeCheckItems(io, check);
    if (!check.ready) {
      if (parsed.json) writeJson(io, resultJson(core, id, control));
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
  if (json) writeJson(io, j);
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
