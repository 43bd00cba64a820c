import { AppError } from '../../../shared/errors';

export interface NormalisedEndpoint {
  /** scheme://host[:port], no trailing slash, no path. */
  endpoint: string;
  /** What was removed (path, query, fragment, trailing slash), for a log line or a hint. */
  dropped: string;
}

/**
 * The SDK concatenates `${endpoint}${resource}` but signs only the resource, so a trailing slash
 * (`//topics/…`) or a path prefix makes every request fail with SignatureDoesNotMatch.
 * The real endpoints are bare hosts (http://{accountId}.mqrest.{region}.aliyuncs.com), so anything after
 * the host is dropped. A missing scheme gets http://, the form the console shows.
 */
export function normaliseEndpoint(raw: string): NormalisedEndpoint {
  const trimmed = raw.trim();
  if (!trimmed) throw new AppError('NOT_CONFIGURED', '未填写 MQ 接入点（HTTP 接入地址）。');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new AppError('BAD_REQUEST', `MQ 接入点不是有效的网址：${trimmed.slice(0, 200)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('BAD_REQUEST', `MQ 接入点只支持 http:// 或 https://，收到 ${url.protocol}`);
  }
  if (url.username || url.password) throw new AppError('BAD_REQUEST', 'MQ 接入点中不能包含用户名或密码。');
  const endpoint = `${url.protocol}//${url.host}`;
  const tail = `${url.pathname}${url.search}${url.hash}`;
  // new URL() reports pathname '/' for a bare host too; only a slash the seller typed counts as dropped.
  const dropped = tail === '/' && !/^[^?#]*:\/\/[^/]+\/$/.test(withScheme) ? '' : tail;
  return { endpoint, dropped };
}
