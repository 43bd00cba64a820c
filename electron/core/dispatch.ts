import { z } from 'zod';
import { AppError, type ApiErrorData, type Envelope } from '../../shared/errors';
import { isRequestName, requests, type ParsedInput, type RequestName, type RequestResult } from '../../shared/contract';
import type { EventBus } from './events';
import { storageError } from './storage-errors';
import type { Logger } from './log/logger';

export type Handler<M extends RequestName> = (input: ParsedInput<M>) => Promise<RequestResult<M>> | RequestResult<M>;
export type Handlers = { [M in RequestName]: Handler<M> };

/** Replaces every vault value in a payload that is about to leave main (results, error details, events). */
export type OutboundRedactor = (value: unknown) => unknown;

/**
 * The single entry for both transports: name check, schema parse, handler, error envelope. Everything it returns
 * passes the vault-wide redactor, so a secret echoed by a remote service never reaches a renderer.
 */
export function createDispatcher(handlers: Handlers, log: Logger, redact: OutboundRedactor = (v) => v) {
  return async function dispatch(method: unknown, rawInput: unknown): Promise<Envelope<unknown>> {
    if (!isRequestName(method)) {
      // Never String() an untrusted value: {"toString": 1} throws, which a transport would turn into HTTP 500.
      const shown = typeof method === 'string' ? method.slice(0, 80) : `（${method === null ? 'null' : typeof method}）`;
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `未知的请求：${shown}` } };
    }
    const parsed = requests[method].input.safeParse(rawInput);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
      return {
        ok: false,
        error: redactError(
          { code: 'BAD_REQUEST', message: `请求参数无效（${method}）：${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues },
          log,
          redact,
        ),
      };
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      return { ok: true, result: redact(await handler(parsed.data)) };
    } catch (error) {
      return { ok: false, error: redactError(toErrorData(error, method, log), log, redact) };
    }
  };
}

/** Core events as the transports see them: the same bus, each payload redacted on its way out. */
export function outboundEvents(bus: EventBus, redact: OutboundRedactor): Pick<EventBus, 'emit' | 'subscribe'> {
  return {
    emit: (name, payload) => bus.emit(name, payload),
    subscribe: (listener) => bus.subscribe((name, payload) => listener(name, redact(payload))),
  };
}

function toErrorData(error: unknown, method: string, log: Logger): ApiErrorData {
  if (error instanceof AppError) return error.toData();
  if (error instanceof z.ZodError) return { code: 'BAD_REQUEST', message: error.message };
  const storage = storageError(error);
  log.error('request failed', { method, error });
  if (storage) return storage.toData();
  return { code: 'INTERNAL', message: '内部错误，详情已写入日志。' };
}

/** Message, issues and detail all pass the log redactor (inline sign=/session= patterns too) and the vault values. */
function redactError(data: ApiErrorData, log: Logger, redact: OutboundRedactor): ApiErrorData {
  const text = (value: unknown) => (typeof value === 'string' ? log.redact(value) : value);
  const out: ApiErrorData = { ...data, message: log.redact(data.message) };
  if (data.issues) out.issues = data.issues.map((i) => ({ path: log.redact(i.path), message: log.redact(i.message) }));
  if (data.detail) out.detail = Object.fromEntries(Object.entries(data.detail).map(([k, v]) => [k, text(v)])) as ApiErrorData['detail'];
  return redact(out) as ApiErrorData;
}
