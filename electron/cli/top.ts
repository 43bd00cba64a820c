import { AppError } from '../../shared/errors';
import { SIGN_METHODS, type SignMethod } from '../../shared/settings';
import { TopClient } from '../core/top/client';
import { TopError } from '../core/top/errors';
import type { TopParams } from '../core/top/request';
import type { CliCommand, CliIo } from './io';
import { openCliProfile } from './profile';

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

class UsageError extends Error {}

export const run: CliCommand = async (args, io) => {
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.stdout.write(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  let parsed: CallArgs;
  try {
    parsed = parseCallArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
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

async function call({ method, params, verbose }: CallArgs, io: CliIo): Promise<number> {
  const profile = await openCliProfile(io, { verbose });
  const env = io.env;
  const fromVault = (name: 'top.appKey' | 'top.appSecret' | 'top.session') => (profile.vault.isUnlocked() ? profile.vault.get(name) : undefined);
  const appKey = env.JST_TOP_APP_KEY || fromVault('top.appKey');
  const appSecret = env.JST_TOP_APP_SECRET || fromVault('top.appSecret');
  const session = env.JST_TOP_SESSION || fromVault('top.session');
  if (!appKey || !appSecret) {
    const hint = profile.vault.isUnlocked() ? '' : '（保险箱未解锁：请设置 JST_SMS_PASSPHRASE）';
    throw new AppError('NOT_CONFIGURED', `缺少 App Key / App Secret${hint}，或通过 JST_TOP_APP_KEY、JST_TOP_APP_SECRET 提供。`);
  }
  const settings = profile.settings.get().top;
  const signMethod = (env.JST_TOP_SIGN_METHOD || settings.signMethod) as SignMethod;
  if (!SIGN_METHODS.includes(signMethod)) throw new AppError('BAD_REQUEST', `JST_TOP_SIGN_METHOD 只能是 ${SIGN_METHODS.join(' / ')}`);
  const gatewayUrl = env.JST_TOP_GATEWAY || settings.gatewayUrl;

  const log = profile.log.child('top');
  log.debug('top call', {
    method,
    gatewayUrl,
    signMethod,
    simplify: settings.simplify,
    params: Object.keys(params),
    credentials: env.JST_TOP_APP_SECRET ? 'env' : 'vault',
    authorized: Boolean(session),
  });
  const client = new TopClient({
    appKey,
    appSecret,
    session,
    gatewayUrl,
    signMethod,
    simplify: settings.simplify,
    qps: settings.qps,
    partnerId: 'jst-sms-desk-cli',
    log,
  });
  try {
    const body = await client.call(method, params);
    io.stdout.write(JSON.stringify(body, null, 2) + '\n');
    return 0;
  } catch (error) {
    if (!(error instanceof TopError)) throw error;
    io.stdout.write(JSON.stringify({ error: error.toJSON() }, null, 2) + '\n');
    return 1;
  } finally {
    client.close();
  }
}
