import { Alert, Button, Modal, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SKIP_REASONS, type AutomationKind } from '../../../../shared/automations/contract';
import { errorText } from '../../context';
import { useApiQuery } from '../../query';

/**
 * Before a rule goes on: how many open triggers would go out now / later / be skipped (and why), and what blocks
 * sending at all. The seller picks whether those open orders are covered or only new ones.
 */
export function EnableModal({ kind, onClose, onConfirm }: { kind: AutomationKind; onClose(): void; onConfirm(coverOpen: boolean): Promise<void> }) {
  const { t } = useTranslation();
  const check = useApiQuery('automations.enableCheck', { kind }, { staleTime: 0 });
  const [busy, setBusy] = useState<'cover' | 'new' | null>(null);
  const data = check.data;
  const skips = data ? SKIP_REASONS.filter((r) => (data.wouldSkip[r] ?? 0) > 0) : [];
  const skipTotal = skips.reduce((n, r) => n + (data?.wouldSkip[r] ?? 0), 0);
  const blocked = (data?.blockers.length ?? 0) > 0;

  const confirm = async (coverOpen: boolean) => {
    setBusy(coverOpen ? 'cover' : 'new');
    try {
      await onConfirm(coverOpen);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal
      open
      title={t('automations.enable.title', { kind: t(`automations.kinds.${kind}`) })}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        data && data.open > 0 && (
          <Button key="new" disabled={blocked || busy !== null} loading={busy === 'new'} onClick={() => void confirm(false)} data-testid="enable-only-new">
            {t('automations.enable.onlyNew')}
          </Button>
        ),
        <Button
          key="cover"
          type="primary"
          disabled={!data || blocked || busy !== null}
          loading={busy === 'cover'}
          onClick={() => void confirm(data !== undefined && data.open > 0)}
          data-testid="enable-confirm"
        >
          {data && data.open > 0 ? t('automations.enable.coverOpen', { count: data.open }) : t('automations.enable.enable')}
        </Button>,
      ]}
    >
      <div data-testid="enable-check">
        {check.error && <Alert type="error" showIcon title={errorText(t, check.error)} />}
        {check.isLoading && <Skeleton active paragraph={{ rows: 3 }} title={false} />}
        {data &&
          (data.open === 0 ? (
            <Typography.Paragraph>{t('automations.enable.noneOpen')}</Typography.Paragraph>
          ) : (
            <>
              <Typography.Paragraph>{t('automations.enable.open', { count: data.open })}</Typography.Paragraph>
              <ul className="jst-auto-check">
                <li data-testid="enable-now">
                  <b>{data.wouldSendNow}</b> {t('automations.enable.now')}
                </li>
                <li data-testid="enable-later">
                  <b>{data.later}</b> {t('automations.enable.later')}
                </li>
                <li data-testid="enable-skip">
                  <b>{skipTotal}</b> {t('automations.enable.skip')}
                  {skips.length > 0 && (
                    <Typography.Text type="secondary">
                      （{skips.map((r) => t('automations.enable.skipBy', { reason: t(`automations.reasons.${r}`), count: data.wouldSkip[r] })).join('、')}）
                    </Typography.Text>
                  )}
                </li>
              </ul>
            </>
          ))}
        {blocked && (
          <Alert
            type="error"
            showIcon
            title={t('automations.enable.blockers')}
            description={
              <ul className="jst-auto-check">
                {data?.blockers.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            }
            data-testid="enable-blockers"
          />
        )}
      </div>
    </Modal>
  );
}
