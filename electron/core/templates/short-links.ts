import { AppError } from '../../../shared/errors';
import { checkLongUrl, LONG_URL_PROBLEM_TEXT, shortLinkExpiresAt, shortLinkExpiry } from '../../../shared/templates/short-links';
import { parseBeijingDateTime } from '../../../shared/time/beijing';
import type { Logger } from '../log/logger';
import type { PlatformProvider } from './platform';
import type { ShortLinkRow, ShortLinkStore } from './short-link-store';
import { type ShortLinkView } from '../../../shared/templates/contract';

export interface ShortLinkServiceDeps {
  store: ShortLinkStore;
  platform: PlatformProvider;
  now: () => number;
  log: Logger;
}

/** 'yyyy-MM-dd HH:mm:ss' in GMT+8 (the platform's life_end) → ISO UTC; null when it is not that shape. */
export function gmt8ToIso(text: string | undefined): string | null {
  const ms = text ? parseBeijingDateTime(text) : null;
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * 淘短链 (taobao.jst.sms.message.shorturl.create): online only — a short link is useful only once it exists. The
 * list keeps creation and expiry (2 months, or the platform's life_end) so a campaign can pick a live one for ${url}.
 */
export class ShortLinkService {
  constructor(private readonly deps: ShortLinkServiceDeps) {}

  list(options: { includeExpired: boolean }): ShortLinkView[] {
    const now = this.deps.now();
    const rows = this.deps.store.list(options.includeExpired ? {} : { notExpiredAt: new Date(now).toISOString() });
    return rows.map((row) => this.view(row, now));
  }

  async create(input: { url: string; tag: string; batchNumber: string; httpsPrefix: boolean }): Promise<ShortLinkView> {
    const check = checkLongUrl(input.url);
    if (!check.ok) {
      const text = LONG_URL_PROBLEM_TEXT[check.problem!];
      throw new AppError('BAD_REQUEST', text.zh, { issues: [{ path: 'url', message: text.zh }] });
    }
    const platform = this.deps.platform();
    const { shortUrl } = await platform.createShortUrl({
      url: input.url.trim(),
      tag: input.tag,
      batchNumber: input.batchNumber,
      httpsPrefix: input.httpsPrefix,
    });
    const created = new Date(this.deps.now());
    let expiresAt = shortLinkExpiresAt(created).toISOString();
    try {
      // The platform's own life_end wins over our 2-month rule when it answers.
      const info = await platform.queryShortUrl(shortUrl);
      expiresAt = gmt8ToIso(info.lifeEnd) ?? expiresAt;
    } catch (error) {
      this.deps.log.info('short link query failed; using the 2-month rule', { error: error instanceof Error ? error.message : String(error) });
    }
    const id = this.deps.store.insert({
      longUrl: input.url.trim(),
      shortUrl,
      tag: input.tag,
      batchNumber: input.batchNumber,
      createdAt: created.toISOString(),
      expiresAt,
    });
    return this.view(this.deps.store.get(id)!, this.deps.now());
  }

  delete(id: number): { deleted: true } {
    if (!this.deps.store.delete(id)) throw new AppError('NOT_FOUND', '找不到该短链。');
    return { deleted: true };
  }

  private view(row: ShortLinkRow, now: number): ShortLinkView {
    return { ...row, ...shortLinkExpiry(row.expiresAt, now) };
  }
}
