import type { ConfigProviderProps } from 'antd';
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../../shared/settings/schema';
import zhCN from './zh-CN';

type AntdLocale = NonNullable<ConfigProviderProps['locale']>;

export const i18n: I18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false }, // React escapes already.
  returnNull: false,
});

let english: Promise<void> | null = null;
let englishAntd: AntdLocale | undefined;
function loadEnglish(): Promise<void> {
  english ??= import('./english').then(
    (m) => {
      i18n.addResourceBundle('en', 'translation', m.messages);
      englishAntd = m.antdLocale;
    },
    (error: unknown) => {
      english = null; // the next settings load tries again
      throw error;
    },
  );
  return english;
}

/** antd's own strings (date pickers, pagination…) for a language; undefined until English has loaded. */
export function antdLocaleFor(language: Language): AntdLocale | undefined {
  return language === 'en' ? englishAntd : undefined;
}

let wanted: Language = 'zh-CN';
/** Switches once the language's strings are here; a later call wins over one still loading. */
export async function setLanguage(language: Language): Promise<void> {
  wanted = language;
  if (language === 'en') await loadEnglish();
  if (wanted !== language) return;
  if (i18n.language !== language) await i18n.changeLanguage(language);
  document.documentElement.lang = language;
}
