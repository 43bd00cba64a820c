import type { Finding } from '../../../../shared/sms';
import type { Lang } from '../../format';

/** shared/sms findings carry Chinese and English text. */
export function findingText(finding: Finding, lang: Lang): string {
  return lang === 'en' ? finding.messageEn : finding.message;
}
