import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** The browser host was opened without its per-launch token (an old bookmark or a copied address). */
export function NoToken() {
  const { t } = useTranslation();
  return <Result status="403" title={t('app.title')} subTitle={t('errors.noToken')} />;
}
