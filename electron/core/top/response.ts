import { apiInfo, responseKey } from './apis';
import { TopError } from './errors';
import { parseJsonLossless } from './json';

export type TopBody = Record<string, unknown>;

interface InterpretContext {
  method: string;
  readOnly: boolean;
  /** Removes secrets from any text echoed by the gateway before it lands in an error. */
  scrub: (text: string) => string;
}

const isObject = (v: unknown): v is TopBody => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A scalar field as text; absent or empty is undefined, and so is a non-scalar (malformed) one, never "[object Object]". */
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v || undefined : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : undefined;
const scrubbed = (v: unknown, ctx: InterpretContext) => {
  const text = str(v);
  return text === undefined ? undefined : ctx.scrub(text);
};

/**
 * Turns one HTTP answer into the response object (root wrapper and list wrappers removed, in both simplify
 * modes) or throws TopError: `error_response`, business failures (r_success / r_code), non-200, non-JSON.
 */
export function interpretResponse(status: number, text: string, ctx: InterpretContext): TopBody {
  let body: unknown;
  try {
    body = parseJsonLossless(text);
  } catch {
    body = undefined;
  }

  if (isObject(body) && isObject(body.error_response)) throw platformError(body.error_response, ctx);
  if (status !== 200) throw new TopError({ method: ctx.method, kind: 'http', readOnly: ctx.readOnly, httpStatus: status });
  if (!isObject(body)) throw new TopError({ method: ctx.method, kind: 'protocol', readOnly: ctx.readOnly });

  const key = responseKey(ctx.method);
  const root = isObject(body[key]) ? { ...body[key] } : body;
  for (const [field, wrapper] of Object.entries(apiInfo(ctx.method).lists ?? {})) {
    root[field] = unwrapList(root[field], wrapper);
  }

  const failure = businessFailure(root);
  if (failure) {
    throw new TopError({
      method: ctx.method,
      kind: 'business',
      readOnly: ctx.readOnly,
      sub_code: failure.code,
      sub_msg: failure.message === undefined ? undefined : ctx.scrub(failure.message),
      request_id: str(root.request_id) ?? str(root.r_request_id),
    });
  }
  return root;
}

function platformError(e: TopBody, ctx: InterpretContext): TopError {
  const code = Number(e.code);
  return new TopError({
    method: ctx.method,
    kind: 'platform',
    readOnly: ctx.readOnly,
    code: Number.isFinite(code) ? code : undefined,
    msg: scrubbed(e.msg, ctx),
    sub_code: str(e.sub_code),
    sub_msg: scrubbed(e.sub_msg, ctx),
    request_id: str(e.request_id),
  });
}

/** simplify=false wraps arrays as `{ <element_type>: [...] }`; TOP also omits empty lists entirely. */
export function unwrapList(value: unknown, wrapper: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (isObject(value)) {
    const inner = value[wrapper];
    if (inner === undefined || inner === null) return [];
    return Array.isArray(inner) ? inner : [inner];
  }
  return [value];
}

/**
 * jst.sms management APIs report refusals in a normal answer. Doc examples are inconsistent
 * (`r_success:true` next to `r_code:"template_not_found"`), so a non-empty r_code other than "200" is a
 * failure too (spec §1.10 quirk 6). `r_success` is a string in the *.report APIs.
 */
export function businessFailure(root: TopBody): { code: string | undefined; message: string | undefined } | null {
  const success = root.r_success;
  const code = str(root.r_code);
  const failed = success === false || success === 'false' || (code !== undefined && code !== '200');
  if (!failed) return null;
  return { code: code ?? 'r_success_false', message: str(root.message) };
}
