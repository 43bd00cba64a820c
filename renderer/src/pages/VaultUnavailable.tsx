import { Button, Result, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultStatus } from '../../../shared/vault/contract';

/** The OS keychain cannot be used (Electron): why, the Linux basic_text opt-in, and 重置保险箱 when it applies. */
export function VaultUnavailable({
  status,
  busy,
  onAllowPlainText,
  resetLink,
}: {
  status: VaultStatus;
  busy: boolean;
  onAllowPlainText: () => void;
  resetLink: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t('vault.unavailableTitle')}
      subTitle={status.reason}
      extra={
        <>
          {status.osBackend === 'basic_text' && (
            // Main asks in a native dialog; this button only requests it.
            <>
              <Typography.Paragraph type="secondary">{t('vault.plainTextConfirmBody')}</Typography.Paragraph>
              <Button danger loading={busy} onClick={onAllowPlainText}>
                {t('vault.plainTextOptIn')}
              </Button>
            </>
          )}
          {resetLink}
        </>
      }
    />
  );
}
