import { Month, type SpendReport } from '../../shared/costs/contract';
import { withCliCore } from './core';
import type { CliCommand, CliIo } from './io';
import { callCore, isHelp, parseOptions, usageError, writeJson } from './options';

const USAGE = `Usage:
  jst-sms spend [--month yyyy-MM] [--json]

Spend computed from the app's own ledger (Jushita has no cost API): billed segments (条) of numbers the platform
accepted × the price per segment entered in 费用 (default 0.05 元/条 until you enter yours), for one Beijing month or,
without --month, all time. Whether failed deliveries count is the 费用 setting "countFailedDeliveries".
--json prints {segments, yuan, byTemplate:[{template, segments, yuan}]} (template = template code; yuan, 2 decimals).

Profile: JST_SMS_PROFILE, JST_SMS_PASSPHRASE.
`;

export const run: CliCommand = async (args, io: CliIo) => {
  if (args.some(isHelp)) {
    io.stdout.write(USAGE);
    return 0;
  }
  const parsed = parseOptions(args, { '--month': 'value', '--json': 'flag' });
  if (typeof parsed === 'string') return usageError(io, USAGE, parsed);
  const monthText = parsed.values.get('--month');
  const month = monthText === undefined ? undefined : Month.safeParse(monthText);
  if (month && !month.success) return usageError(io, USAGE, `--month needs yyyy-MM, got: ${monthText}`);
  return withCliCore(io, {}, async (core) => {
    const report = await callCore<SpendReport>(core, 'costs.spend', month ? { month: month.data } : {});
    if (parsed.flags.has('--json')) {
      const byTemplate = report.byTemplate.map((t) => ({ template: t.template, segments: t.segments, yuan: t.yuan }));
      writeJson(io, { segments: report.segments, yuan: report.yuan, byTemplate });
    } else {
      io.stdout.write(
        `${report.month ?? '全部'}：${report.segments} 条，${report.yuan.toFixed(2)} 元${report.countFailedDeliveries ? '' : '（不含发送失败的号码）'}\n`,
      );
      for (const t of report.byTemplate) io.stdout.write(`  ${t.template}\t${t.templateName}\t${t.segments} 条\t${t.yuan.toFixed(2)} 元\n`);
    }
    return 0;
  });
};
