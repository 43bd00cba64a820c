import { signParams, topTimestamp } from '../../../electron/core/top/request';
import type { TopGateway } from '../../../electron/sim/top-gateway';
import { rawCall } from '../top/helpers';

/** A correctly signed call to the simulator with hand-built business params; answers parsed JSON plus the raw text. */
export async function callTop(
  gw: TopGateway,
  method: string,
  business: Record<string, string>,
  opts: { simplify?: boolean; format?: 'json' | 'xml'; appKey?: string; secret?: string; session?: string | null } = {},
) {
  const params: Record<string, string> = {
    method,
    app_key: opts.appKey ?? gw.credentials.appKey,
    timestamp: topTimestamp(Date.now()),
    v: '2.0',
    format: opts.format ?? 'json',
    simplify: String(opts.simplify ?? true),
    sign_method: 'hmac-sha256',
    ...business,
  };
  if (opts.session !== null) params.session = opts.session ?? gw.credentials.session;
  params.sign = signParams(params, opts.secret ?? gw.credentials.appSecret, 'hmac-sha256');
  return rawCall(gw.url, params);
}

export const errorOf = (r: { json?: Record<string, any> }) =>
  r.json?.error_response as { code: number; msg: string; sub_code?: string; sub_msg?: string } | undefined;

/** `yyyy-MM-dd HH:mm:ss` GMT+8, as the TOP API takes dates. */
export { formatGmt8 as topDate } from '../../../electron/sim/top-gateway';
