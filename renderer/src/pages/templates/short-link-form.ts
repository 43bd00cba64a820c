import type { FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { checkLongUrl, LONG_URL_PROBLEM_TEXT } from '../../../../shared/templates/short-links';
import { beijingDate } from '../../../../shared/time/beijing';
import { useLang } from '../../format';

// The 淘短链 create form's pieces, shared by the 淘短链 tab and the send wizard's "new short link" dialog.

/** Beijing date as 20261201: the default batch number. */
export function defaultBatchNumber(now = Date.now()): string {
  return beijingDate(now);
}

/** Required, and a Taobao/Tmall long link (shared/templates checkLongUrl), with the reason in the UI language. */
export function useLongUrlRule(): FormRule {
  const { t } = useTranslation();
  const lang = useLang();
  return {
    validator: (_rule, value: string) => {
      if (!value?.trim()) return Promise.reject(new Error(t('templates.shortLinks.urlRequired')));
      const check = checkLongUrl(value);
      if (check.ok) return Promise.resolve();
      const text = LONG_URL_PROBLEM_TEXT[check.problem!];
      return Promise.reject(new Error(lang === 'en' ? text.en : text.zh));
    },
  };
}
