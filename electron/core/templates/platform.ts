import type { TopClient } from '../top/client';

/**
 * The TOP calls this feature makes. In the app it is the real TopClient from the core's services.top.client();
 * unit tests pass an in-memory fake. client() may throw AppError NOT_CONFIGURED / VAULT_LOCKED.
 */
export type TemplatePlatform = Pick<
  TopClient,
  | 'createTemplate'
  | 'queryTemplate'
  | 'modifyTemplate'
  | 'deleteTemplate'
  | 'reportTemplate'
  | 'createSignName'
  | 'querySignName'
  | 'modifySignName'
  | 'deleteSignName'
  | 'createShortUrl'
  | 'queryShortUrl'
>;

export type PlatformProvider = () => TemplatePlatform;
