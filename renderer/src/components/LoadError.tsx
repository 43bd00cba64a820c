import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';

/** A load that failed says why and offers a retry, instead of a spinner that never stops. */
export function LoadError({ error, onRetry }: { error: string; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      data-testid="load-error"
      type="error"
      showIcon
      title={t('common.loadFailed')}
      description={error}
      action={
        <Button size="small" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      }
    />
  );
}
