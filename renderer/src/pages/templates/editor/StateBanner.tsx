import { Alert, Button, Input, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { templateCodeProblem } from '../../../../../shared/sms';
import type { TemplateView } from '../../../../../shared/templates/contract';
import { formatTime, useLang } from '../../../format';

export interface StateBannerProps {
  view: TemplateView | null;
  onCancelQueued(): void;
  onReconcile(r: { code?: string; resubmit?: boolean }): void;
  busy: boolean;
}

/** The template's platform state under the editor bar, in the page flow (it never covers the bar's buttons). */
export function StateBanner({ view, onCancelQueued, onReconcile, busy }: StateBannerProps) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!view) return null;
  const style = { marginBottom: 16 };
  switch (view.status) {
    case 'rejected':
      return (
        <Alert
          type="error"
          showIcon
          style={style}
          data-testid="rejection-reason"
          title={t('templates.banner.rejected')}
          description={
            <>
              <div style={{ whiteSpace: 'pre-wrap' }}>{view.reason}</div>
              <div className="jst-muted" style={{ marginTop: 6 }}>
                {t('templates.banner.rejectedHelp')}
              </div>
            </>
          }
        />
      );
    case 'queued':
      return (
        <Alert
          type="warning"
          showIcon
          style={style}
          data-testid="queued-banner"
          title={t('templates.banner.queued')}
          description={view.lastError || undefined}
          action={
            view.pendingOp?.state === 'queued' ? (
              <Button size="small" onClick={onCancelQueued} data-testid="cancel-queued">
                {t('templates.outbox.cancel')}
              </Button>
            ) : undefined
          }
        />
      );
    case 'pending':
      return (
        <Alert
          type="info"
          showIcon
          style={style}
          title={t('templates.banner.pending')}
          description={view.checkedAt ? t('templates.banner.checkedAt', { time: formatTime(view.checkedAt, lang) }) : t('templates.banner.pendingHelp')}
        />
      );
    case 'approved':
      return <Alert type="success" showIcon style={style} title={t('templates.banner.approved')} description={t('templates.banner.approvedHelp')} />;
    case 'unknown':
      return <ReconcilePanel onReconcile={onReconcile} busy={busy} />;
    case 'draft':
      return view.lastError ? (
        <Alert type="error" showIcon style={style} title={t('templates.banner.submitFailed')} description={view.lastError} data-testid="submit-error" />
      ) : null;
  }
}

/** An unknown create outcome: link the code the platform shows, or resubmit on purpose. */
function ReconcilePanel({ onReconcile, busy }: Pick<StateBannerProps, 'onReconcile' | 'busy'>) {
  const { t } = useTranslation();
  const lang = useLang();
  const [code, setCode] = useState('');
  const problem = code ? templateCodeProblem(code) : null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="reconcile-panel"
      title={t('templates.reconcile.title')}
      description={
        <Space orientation="vertical" style={{ width: '100%' }}>
          <span>{t('templates.reconcile.help')}</span>
          <Space.Compact style={{ maxWidth: 420 }}>
            <Input
              value={code}
              onChange={(e) => setCode(e.target.value.trim())}
              placeholder="SMS_123456789"
              status={problem ? 'error' : undefined}
              data-testid="reconcile-code"
            />
            <Button type="primary" disabled={!code || problem !== null} loading={busy} onClick={() => onReconcile({ code })} data-testid="reconcile-link">
              {t('templates.reconcile.link')}
            </Button>
          </Space.Compact>
          {problem && (
            <span className="jst-field-error" data-testid="reconcile-code-error">
              {lang === 'en' ? problem.messageEn : problem.message}
            </span>
          )}
          <Popconfirm
            title={t('templates.reconcile.resubmitConfirm')}
            onConfirm={() => onReconcile({ resubmit: true })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
          >
            <Button size="small" loading={busy} data-testid="reconcile-resubmit">
              {t('templates.reconcile.resubmit')}
            </Button>
          </Popconfirm>
        </Space>
      }
    />
  );
}
