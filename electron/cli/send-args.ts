import { isOrderField, ORDER_FIELDS, type OrderField } from '../../shared/orders/fields';
import { parseBeijingDateTime } from '../../shared/time/beijing';
import { optionPairs, parseOptions, UsageError, type OptionSpec } from './options';

// The flags of both sends (send.ts, send-segment.ts), parsed and checked before any core is opened.

export interface SendArgs {
  template?: string;
  sign?: string;
  file?: string;
  numbers?: string;
  /** Order numbers (exact text) from --orders, or the file of --orders-file. */
  orders?: string;
  ordersFile?: string;
  perOrder: boolean;
  phoneColumn?: string;
  vars: Record<string, string>;
  consts: Record<string, string>;
  name?: string;
  at?: string;
  dryRun: boolean;
  yes: boolean;
  json: boolean;
  resume?: number;
  resendUnconfirmed: boolean;
  verbose: boolean;
}

/** The options every send reads; a segment send adds its own. */
const SEND_OPTIONS = {
  '--template': 'value',
  '--sign': 'value',
  '--name': 'value',
  '--var': 'list',
  '--dry-run': 'flag',
  '--yes': 'flag',
  '--json': 'flag',
  '--verbose': 'flag',
} as const satisfies OptionSpec;
const SEND_ALIASES = { '-y': '--yes' };

export function parseSendArgs(args: string[]): SendArgs {
  const parsed = parseOptions(
    args,
    {
      ...SEND_OPTIONS,
      '--file': 'value',
      '--numbers': 'value',
      '--orders': 'value',
      '--orders-file': 'value',
      '--per-order': 'flag',
      '--phone-column': 'value',
      '--at': 'value',
      '--const': 'list',
      '--resume': 'value',
      '--resend-unconfirmed': 'flag',
    },
    { aliases: SEND_ALIASES },
  );
  if (typeof parsed === 'string') throw new UsageError(parsed);
  const vars = optionPairs(parsed, '--var');
  if (typeof vars === 'string') throw new UsageError(vars);
  const consts = optionPairs(parsed, '--const');
  if (typeof consts === 'string') throw new UsageError(consts);
  const value = (name: string) => parsed.values.get(name);
  const flag = (name: string) => parsed.flags.has(name);
  const out: SendArgs = {
    template: value('--template'),
    sign: value('--sign'),
    file: value('--file'),
    numbers: value('--numbers'),
    orders: value('--orders'),
    ordersFile: value('--orders-file'),
    perOrder: flag('--per-order'),
    phoneColumn: value('--phone-column'),
    vars,
    consts,
    name: value('--name'),
    at: value('--at'),
    dryRun: flag('--dry-run'),
    yes: flag('--yes'),
    json: flag('--json'),
    resendUnconfirmed: flag('--resend-unconfirmed'),
    verbose: flag('--verbose'),
  };
  const resume = value('--resume');
  if (resume !== undefined) {
    if (!/^[1-9]\d{0,15}$/.test(resume)) throw new UsageError(`--resume needs a campaign id, got: ${resume}`);
    out.resume = Number(resume);
  }
  if (out.resume !== undefined) {
    if (out.template || out.sign || out.file || out.numbers || out.orders || out.ordersFile)
      throw new UsageError('--resume cannot be combined with a new campaign.');
    return out;
  }
  if (out.resendUnconfirmed) throw new UsageError('--resend-unconfirmed goes with --resume <id>.');
  if (!out.template) throw new UsageError('--template is required.');
  if (!out.sign) throw new UsageError('--sign is required.');
  const sources = [out.file, out.numbers, out.orders, out.ordersFile].filter((v) => v !== undefined).length;
  if (sources !== 1) throw new UsageError('Give exactly one of --file, --numbers, --orders or --orders-file.');
  const byOrders = out.orders !== undefined || out.ordersFile !== undefined;
  if (out.perOrder && !byOrders) throw new UsageError('--per-order goes with --orders or --orders-file.');
  if (byOrders) {
    if (out.phoneColumn || Object.keys(out.consts).length) throw new UsageError('--phone-column and --const are for number sends.');
    if (out.dryRun && out.yes) throw new UsageError('Give --dry-run or --yes, not both.');
    for (const [name, field] of Object.entries(out.vars))
      if (!isOrderField(field)) throw new UsageError(`--var ${name}=${field}: not an order field (${ORDER_FIELDS.join(', ')}).`);
  }
  if (out.at !== undefined && parseBeijingDateTime(out.at) === null) throw new UsageError(`--at must be "YYYY-MM-DD HH:mm" (Beijing time), got: ${out.at}`);
  return out;
}

export interface SegmentSendArgs {
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

/** `send --segment <id> …`: the send options plus the segment and its control group. */
export function parseSegmentSendArgs(args: string[]): SegmentSendArgs {
  const parsed = parseOptions(args, { ...SEND_OPTIONS, '--segment': 'value', '--control-percent': 'value' }, { aliases: SEND_ALIASES });
  if (typeof parsed === 'string') throw new UsageError(parsed);
  const segment = parsed.values.get('--segment');
  if (segment === undefined) throw new UsageError('--segment is required.');
  if (!/^[1-9]\d{0,15}$/.test(segment)) throw new UsageError(`--segment needs a segment id, got: ${segment}`);
  const percent = parsed.values.get('--control-percent') ?? '0';
  if (!/^\d+(\.\d+)?$/.test(percent) || Number(percent) > 50) throw new UsageError(`--control-percent needs 0–50, got: ${percent}`);
  const pairs = optionPairs(parsed, '--var');
  if (typeof pairs === 'string') throw new UsageError(pairs);
  const vars: Record<string, OrderField> = {};
  for (const [name, field] of Object.entries(pairs)) {
    if (!isOrderField(field)) throw new UsageError(`--var needs name=<orderField> (${ORDER_FIELDS.join(', ')}), got: ${name}=${field}`);
    vars[name] = field;
  }
  const template = parsed.values.get('--template');
  const sign = parsed.values.get('--sign');
  if (!template) throw new UsageError('--template is required.');
  if (!sign) throw new UsageError('--sign is required.');
  const dryRun = parsed.flags.has('--dry-run');
  const yes = parsed.flags.has('--yes');
  if (dryRun && yes) throw new UsageError('Give --dry-run or --yes, not both.');
  return {
    segment: Number(segment),
    controlPercent: Number(percent),
    template,
    sign,
    vars,
    name: parsed.values.get('--name'),
    dryRun,
    yes,
    json: parsed.flags.has('--json'),
    verbose: parsed.flags.has('--verbose'),
  };
}
