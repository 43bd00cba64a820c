import type { Finding } from '../../../../shared/sms';

// Dates come from the app-wide formatter (Beijing time, one style everywhere).
export { formatClock, formatDate, formatTime, useLang, type Lang } from '../../format';
import type { Lang } from '../../format';

/** shared/sms findings carry Chinese and English text. */
export function findingText(finding: Finding, lang: Lang): string {
  return lang === 'en' ? finding.messageEn : finding.message;
}

export function readFileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve((reader.result as string).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}
