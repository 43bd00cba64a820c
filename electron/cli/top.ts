import { AppError } from '../../shared/errors';
import { SIGN_METHODS } from '../../shared/settings/schema';
import { TOP_METHODS } from '../core/top/apis';
import { TopError } from '../core/top/errors';
import type { TopParams } from '../core/top/request';
import {
  BatchSendInput,
  CreateShortUrlInput,
  CreateSignNameInput,
  CreateTemplateInput,
  ModifySignNameInput,
  ModifyTemplateInput,
  parseInput,
  ReportSignNameInput,
  ReportTemplateInput,
  ShortName,
  SignName,
  SmsNumQueryInput,
  TemplateCode,
} from '../core/top/schemas';
import { withCliCore } from './core';
import type { CliCommand, CliIo } from './io';
import { parseOrUsage, UsageError } from './options';

const USAGE = `Usage: jst-sms top call <api-method> [--param name=value …] [--json-param name=<json> …] [--verbose]

Calls one TOP API and prints the parsed response as JSON on stdout. On a TOP error prints {"error":{…}} on
stdout and exits 1 (2 for usage errors).

  --param name=value       business parameter, sent as is
  --json-param name=<json> business parameter given as JSON (objects/arrays are sent as compact JSON text)
  --verbose                log the call (never secrets) to stderr

Credentials come from the profile vault (JST_SMS_PROFILE, JST_SMS_PASSPHRASE); these override it:
  JST_TOP_APP_KEY, JST_TOP_APP_SECRET, JST_TOP_SESSION, JST_TOP_GATEWAY, JST_TOP_SIGN_METHOD (${SIGN_METHODS.join(' | ')})

Example:
  jst-sms top call taobao.jst.sms.template.query --json-param 'query_sms_template_request={"template_code":"SMS_100001"}'
`;

interface CallArgs {
  method: string;
  params: TopParams;
  verbose: boolean;
}

export const run: CliCommand = async (args, io) => {
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.stdout.write(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const parsed = parseOrUsage(io, USAGE, () => parseCallArgs(args));
  if (parsed === 2) return parsed;
  return call(parsed, io);
};

export function parseCallArgs(args: string[]): CallArgs {
  const [sub, method, ...rest] = args;
  if (sub !== 'call') throw new UsageError(`Unknown subcommand: ${sub ?? ''}`);
  if (!method || method.startsWith('-')) throw new UsageError('Missing <api-method>.');
  if (!/^[a-z0-9_]+(\.[a-z0-9_]+)+$/i.test(method)) throw new UsageError(`Not an API method name: ${method}`);
  const params: TopParams = {};
  let verbose = false;
  const put = (flag: string, pair: string | undefined, decode: (raw: string, name: string) => string) => {
    if (pair === undefined) throw new UsageError(`${flag} needs name=value.`);
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} needs name=value, got: ${pair}`);
    const name = pair.slice(0, eq);
    if (Object.prototype.hasOwnProperty.call(params, name)) throw new UsageError(`Parameter given twice: ${name}`);
    params[name] = decode(pair.slice(eq + 1), name);
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    // Both `--param k=v` and `--param=k=v`.
    const joined = /^(--param|--json-param)=(.*)$/s.exec(arg);
    const flag = joined ? joined[1] : arg;
    const inline = joined ? joined[2] : undefined;
    if (flag === '--verbose' || flag === '-v') verbose = true;
    else if (flag === '--param') put(flag, inline ?? rest[++i], (raw) => raw);
    else if (flag === '--json-param') put(flag, inline ?? rest[++i], decodeJsonParam);
    else throw new UsageError(`Unknown option: ${arg}`);
  }
  return { method, params, verbose };
}

function decodeJsonParam(raw: string, name: string): string {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new UsageError(`--json-param ${name}: not valid JSON`);
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

// ---- the typed methods' validation for `top call` (wire parameters → the typed input → the same schema) ----

type WireParams = Readonly<Record<string, TopParams[string]>>;

/** A JSON-valued wire parameter (struct or list), as --json-param or --param sent it. */
function wireJson(params: WireParams, name: string): unknown {
  const raw = params[name];
  if (raw === undefined || typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError('BAD_REQUEST', `参数 ${name} 应为 JSON。`, { issues: [{ path: name, message: '不是有效的 JSON' }] });
  }
}
function wireStruct(params: WireParams, name: string): Record<string, unknown> {
  const value = wireJson(params, name);
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('BAD_REQUEST', `参数 ${name} 应为 JSON 对象。`, { issues: [{ path: name, message: '应为 JSON 对象' }] });
  }
  return value as Record<string, unknown>;
}
/** Wire integers arrive as text; anything else is left for the schema to refuse. */
const wireInt = (v: unknown) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v);
const wireBool = (v: unknown) => (v === 'true' ? true : v === 'false' ? false : v);
/** A list parameter: a JSON array, or the comma-joined form TOP uses for basic-type lists. */
function wireList(params: WireParams, name: string): unknown {
  const raw = params[name];
  if (typeof raw === 'string' && !raw.trim().startsWith('[')) return raw.split(',').map((v) => v.trim());
  return wireJson(params, name);
}
const wireFiles = (list: unknown) =>
  Array.isArray(list)
    ? list.map((f: Record<string, unknown>) => ({
        fileName: f?.file_name,
        fileSuffix: f?.file_suffix,
        fileContents: f?.file_contents,
        fileSize: wireInt(f?.file_size),
      }))
    : list;
const sized = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);

/**
 * For the APIs the app has typed methods for, `top call` checks its parameters with the same schemas, so e.g.
 * 201 numbers to batchsend are a local error here too. Other methods go out as given.
 */
const WIRE_VALIDATORS: Readonly<Record<string, (p: WireParams) => void>> = {
  [TOP_METHODS.batchSend]: (p) => {
    const phones = wireList(p, 'rec_num');
    const contents = sized(wireJson(p, 'sms_content'));
    const extend = sized(wireList(p, 'extend_num'));
    const list: unknown[] = Array.isArray(phones) ? phones : [];
    if (contents && contents.length !== list.length) {
      throw new AppError('BAD_REQUEST', '批量发送参数无效：sms_content 的个数必须与 rec_num 的号码个数一致。', {
        issues: [{ path: 'sms_content', message: '个数与号码不一致' }],
      });
    }
    const recipients = list.map((phone, i) => ({
      phone,
      ...(contents ? { params: contents[i] } : {}),
      ...(extend ? { extendNum: extend[i] } : {}),
    }));
    const extraData = wireJson(p, 'extra_data');
    parseInput(
      BatchSendInput,
      { signName: p.sign_name, templateCode: p.sms_template_code, recipients: Array.isArray(phones) ? recipients : phones, taskSign: p.task_sign, extraData },
      '批量发送',
    );
  },
  [TOP_METHODS.smsNumQuery]: (p) =>
    void parseInput(
      SmsNumQueryInput,
      { phone: p.rec_num, date: p.query_date, page: wireInt(p.current_page), pageSize: wireInt(p.page_size), bizId: p.biz_id },
      '查询发送记录',
    ),
  [TOP_METHODS.shortUrlCreate]: (p) =>
    void parseInput(CreateShortUrlInput, { url: p.url, tag: p.tag, batchNumber: p.batch_number, httpsPrefix: wireBool(p.need_https_prefix) }, '生成短链'),
  [TOP_METHODS.shortUrlQuery]: (p) => void parseInput(ShortName, p.short_name, '查询短链'),
  [TOP_METHODS.templateQuery]: (p) => void parseInput(TemplateCode, wireStruct(p, 'query_sms_template_request').template_code, '查询模板'),
  [TOP_METHODS.templateDelete]: (p) => void parseInput(TemplateCode, wireStruct(p, 'delete_sms_template_request').template_code, '删除模板'),
  [TOP_METHODS.templateCreate]: (p) => {
    const t = wireStruct(p, 'sms_template_for_isv_request');
    const input = {
      type: wireInt(t.template_type),
      typeClass: t.template_type_class,
      name: t.template_name,
      content: t.template_content,
      remark: t.remark,
      files: wireFiles(t.template_infos),
    };
    parseInput(CreateTemplateInput, input, '创建模板');
  },
  [TOP_METHODS.templateModify]: (p) => {
    const t = wireStruct(p, 'modify_sms_template_request');
    parseInput(
      ModifyTemplateInput,
      { code: t.template_code, type: wireInt(t.template_type), name: t.template_name, content: t.template_content, remark: t.remark },
      '修改模板',
    );
  },
  [TOP_METHODS.templateReport]: (p) => {
    const t = wireStruct(p, 'sms_template_request');
    // The wire form is 1/2 as a number or text; anything else is left for the schema to refuse.
    const wireClass = typeof t.template_class === 'number' ? String(t.template_class) : t.template_class;
    const templateClass = wireClass === '2' ? 'DIGITAL' : wireClass === '1' ? 'NORMAL' : wireClass;
    parseInput(
      ReportTemplateInput,
      { code: t.template_code, type: wireInt(t.template_type), name: t.template_name, content: t.template_content, desc: t.desc, templateClass },
      '上传存量模板',
    );
  },
  [TOP_METHODS.signNameQuery]: (p) => void parseInput(SignName, wireStruct(p, 'query_sms_sign_request').sign_name, '查询签名'),
  [TOP_METHODS.signNameDelete]: (p) => void parseInput(SignName, wireStruct(p, 'delete_sms_sign_request').sign_name, '删除签名'),
  [TOP_METHODS.signNameCreate]: (p) => {
    const s = wireStruct(p, 'add_sms_sign_request');
    parseInput(CreateSignNameInput, { name: s.sign_name, remark: s.remark, source: wireInt(s.sign_source), files: wireFiles(s.sign_file_list) }, '创建签名');
  },
  [TOP_METHODS.signNameModify]: (p) => {
    const s = wireStruct(p, 'modify_sms_sign_request');
    parseInput(ModifySignNameInput, { name: s.sign_name, remark: s.remark, source: wireInt(s.sign_source), files: wireFiles(s.sign_file_list) }, '修改签名');
  },
  [TOP_METHODS.signNameReport]: (p) => {
    const s = wireStruct(p, 'sms_sign_name_request');
    parseInput(ReportSignNameInput, { name: s.sign_name, description: s.description }, '上传存量签名');
  },
};

/** Throws AppError BAD_REQUEST (Chinese, with issues) when a known method's parameters fail its typed schema. */
export function validateCallParams(method: string, params: TopParams): void {
  WIRE_VALIDATORS[method]?.(params);
}

async function call({ method, params, verbose }: CallArgs, io: CliIo): Promise<number> {
  return withCliCore(io, { verbose }, async (core) => {
    const { top } = core.services;
    // The core's TOP service with the JST_TOP_* overrides: missing keys or a bad sign method fail here, before any request.
    const client = top.client();
    // Before any request: a bad batch is a local error, exactly as through the typed methods.
    validateCallParams(method, params);
    const settings = top.settings();
    core.log.child('top').debug('top call', {
      method,
      gatewayUrl: settings.gatewayUrl,
      signMethod: settings.signMethod,
      simplify: settings.simplify,
      params: Object.keys(params),
      credentials: io.env.JST_TOP_APP_SECRET ? 'env' : 'vault',
      authorized: Boolean(io.env.JST_TOP_SESSION || (core.ctx.vault.isUnlocked() && core.ctx.vault.get('top.session'))),
    });
    try {
      const body = await client.call(method, params);
      io.stdout.write(JSON.stringify(body, null, 2) + '\n');
      return 0;
    } catch (error) {
      if (!(error instanceof TopError)) throw error;
      io.stdout.write(JSON.stringify({ error: error.toJSON() }, null, 2) + '\n');
      return 1;
    }
  });
}
