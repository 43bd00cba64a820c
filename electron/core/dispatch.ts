import { z } from 'zod';
import { AppError, type Envelope } from '../../shared/errors';
import { isRequestName, requests, type ParsedInput, type RequestName, type RequestResult } from '../../shared/contract';
import type { Logger } from './log/logger';

export type Handler<M extends RequestName> = (input: ParsedInput<M>) => Promise<RequestResult<M>> | RequestResult<M>;
export type Handlers = { [M in RequestName]: Handler<M> };

/** The single entry for both transports: name check, schema parse, handler, error envelope. */
export function createDispatcher(handlers: Handlers, log: Logger) {
  return async function dispatch(method: unknown, rawInput: unknown): Promise<Envelope<unknown>> {
    if (!isRequestName(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `未知的请求：${String(method).slice(0, 80)}` } };
    }
    const parsed = requests[method].input.safeParse(rawInput);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
      return {
        ok: false,
        error: { code: 'BAD_REQUEST', message: `请求参数无效（${method}）：${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues },
      };
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      return { ok: true, result: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: toErrorData(error, method, log) };
    }
  };
}

function toErrorData(error: unknown, method: string, log: Logger) {
  if (error instanceof AppError) {
    const data = error.toData();
    return { ...data, message: log.redact(data.message) };
  }
  if (error instanceof z.ZodError) {
    return { code: 'BAD_REQUEST' as const, message: log.redact(error.message) };
  }
  log.error('request failed', { method, error });
  return { code: 'INTERNAL' as const, message: '内部错误，详情已写入日志。' };
}
