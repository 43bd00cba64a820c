import { useTranslation } from 'react-i18next';
import { parseStoredText, type StoredTextKey } from '../../shared/stored-text';
import type { Messages } from './i18n/zh-CN';

/** Every key parseStoredText can return has a label (and no stray label is left): a compile error otherwise. */
type Labels = Messages['storedText'];
export const STORED_TEXT_LABELS_MATCH: [StoredTextKey | 'withNote', keyof Labels] extends [keyof Labels, StoredTextKey | 'withNote'] ? true : never = true;

/**
 * Texts main stored in Chinese (do-not-send notes, recipient row reasons) in the UI's language: a label for each text
 * the app wrote itself, anything a seller typed as typed. A nested note (在免打扰名单中：拉黑（…）) is translated too.
 */
export function useStoredText(): (text: string) => string {
  const { t } = useTranslation();
  const show = (text: string): string => {
    const parsed = parseStoredText(text);
    if (!parsed) return text;
    const label = t(`storedText.${parsed.key}`, parsed.values);
    return parsed.note ? t('storedText.withNote', { label, note: show(parsed.note) }) : label;
  };
  return show;
}
