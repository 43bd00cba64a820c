import { TOP_METHODS } from '../apis';
import { requireString, str } from '../body';
import type { TopCaller } from '../rpc';
import { CreateShortUrlInput, parseInput, ShortName } from '../schemas';

export interface ShortUrlInfo {
  shortName: string;
  lifeStart?: string;
  lifeEnd?: string;
}

/** taobao.jst.sms.message.shorturl.create → the short link (valid about 2 months). */
export async function createShortUrl(top: TopCaller, input: CreateShortUrlInput): Promise<{ shortUrl: string }> {
  const s = parseInput(CreateShortUrlInput, input, '生成短链');
  const body = await top.call(TOP_METHODS.shortUrlCreate, {
    url: s.url,
    tag: s.tag,
    batch_number: s.batchNumber,
    need_https_prefix: s.httpsPrefix,
  });
  return { shortUrl: requireString(body, 'module', TOP_METHODS.shortUrlCreate) };
}

/** taobao.jst.sms.message.shorturl.query; accepts the short name (`Y9.X8sU`) or the whole short link. */
export async function queryShortUrl(top: TopCaller, shortNameOrUrl: string): Promise<ShortUrlInfo> {
  const input = parseInput(ShortName, shortNameOrUrl, '查询短链');
  const shortName = input.replace(/^(https?:\/\/)?[^/]+\//i, '');
  const body = await top.call(TOP_METHODS.shortUrlQuery, { short_name: shortName });
  return { shortName: str(body.short_name) ?? shortName, lifeStart: str(body.life_start), lifeEnd: str(body.life_end) };
}
