import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** Honest placeholder for screens that later versions deliver. */
export function NotYetPage({ title }: { title: string }) {
  const { t } = useTranslation();
  return <Result status="info" title={`${title} · ${t('pages.notYet')}`} subTitle={t('pages.notYetBody')} />;
}
