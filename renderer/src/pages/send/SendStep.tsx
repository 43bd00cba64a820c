import { SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CampaignView } from '../../../../shared/sending/contract';
import { errorText } from '../../context';
import { formatTime } from '../../format';
import { useApiMutation, useApiQuery } from '../../query';
import { CampaignActions } from './CampaignActions';
import { CampaignProgress, SendCounts } from './CampaignProgress';
import { DeliveryLine } from './DeliveryLine';
import { RecipientsTable } from './RecipientsTable';

const SEND_STATUSES = ['queued', 'in_flight', 'accepted', 'rejected', 'unconfirmed', 'skipped', 'cancelled', 'duplicate', 'invalid', 'suppressed'] as const;

/** 发送: a confirmation with the final numbers, then live progress with pause / resume / cancel. */
export function SendStep({ campaign, onBack }: { campaign: CampaignView; onBack?: () => void }) {
  return campaign.state === 'draft' ? <ConfirmSend campaign={campaign} onBack={onBack} /> : <LiveProgress campaign={campaign} />;
}

function ConfirmSend({ campaign, onBack }: { campaign: CampaignView; onBack?: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const check = useApiQuery('campaigns.check', { id: campaign.id });
  const start = useApiMutation('campaigns.start', { invalidates: ['campaigns.get', 'campaigns.list', 'campaigns.recipients'] });
  const data = check.data;
  const scheduled = campaign.scheduledAt;

  const confirm = () => {
    if (!data) return;
    modal.confirm({
      title: scheduled ? t('sending.send.confirmScheduledTitle') : t('sending.send.confirmTitle'),
      content: (
        <div data-testid="confirm-body">
          <p>
            {t('sending.send.confirmBody', {
              count: data.finalRecipients,
              segments: data.segments.total,
              template: campaign.template?.name ?? '',
              sign: campaign.signName,
            })}
          </p>
          {data.frequencySkipped > 0 && <p>{t('sending.send.confirmSkipped', { count: data.frequencySkipped })}</p>}
          {scheduled && <p>{t('sending.send.confirmAt', { time: formatTime(scheduled) })}</p>}
          <Typography.Text type="secondary">{t('sending.send.confirmNote')}</Typography.Text>
        </div>
      ),
      okText: scheduled ? t('sending.send.scheduleOk') : t('sending.send.sendOk'),
      okButtonProps: { 'data-testid': 'confirm-send' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await start.mutateAsync({ id: campaign.id, confirm: true });
        } catch (error) {
          void message.error(errorText(t, error));
        }
      },
    });
  };

  return (
    <div>
      <Card size="small" title={t('sending.send.summary')} style={{ marginBottom: 16 }}>
        {!data?.ready && data && <Alert type="error" showIcon title={t('sending.check.notReady')} style={{ marginBottom: 12 }} />}
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: 'template',
              label: t('sending.content.template'),
              children: campaign.template ? `${campaign.template.name} · ${campaign.template.code}` : '—',
            },
            { key: 'sign', label: t('sending.content.signature'), children: campaign.signName ? `【${campaign.signName}】` : '—' },
            { key: 'final', label: t('sending.check.final'), children: <span data-testid="send-final">{data?.finalRecipients ?? '…'}</span> },
            { key: 'segments', label: t('sending.check.segmentsTotal'), children: data?.segments.total ?? '…' },
            { key: 'skipped', label: t('sending.check.frequencySkipped'), children: data?.frequencySkipped ?? '…' },
            { key: 'when', label: t('sending.check.when'), children: scheduled ? formatTime(scheduled) : t('sending.check.sendNow') },
          ]}
        />
      </Card>
      <div className="jst-step-footer">
        {onBack && <Button onClick={onBack}>{t('sending.wizard.prev')}</Button>}
        <Button
          type="primary"
          size="large"
          icon={<SendOutlined />}
          disabled={!data?.ready}
          loading={start.isPending}
          onClick={confirm}
          data-testid="start-send"
        >
          {scheduled ? t('sending.send.schedule') : t('sending.send.start')}
        </Button>
      </div>
    </div>
  );
}

/** main's Chinese reason often says what the code label says; show it only when it adds something. */
function sameText(a: string, b: string): boolean {
  const bare = (s: string) => s.replace(/[。.！!\s]+$/u, '').trim();
  return bare(a) === bare(b);
}

function LiveProgress({ campaign }: { campaign: CampaignView }) {
  const { t } = useTranslation();
  const { state, reason, counts } = campaign;
  return (
    <div data-testid="live-progress">
      {state === 'completed' && (
        <Result
          status={counts.rejected || counts.unconfirmed ? 'warning' : 'success'}
          title={t('sending.send.doneTitle')}
          subTitle={<DeliveryLine delivery={campaign.delivery} counts={counts} />}
          style={{ padding: '16px 0' }}
          data-testid="send-done"
        />
      )}
      {state === 'scheduled' && campaign.scheduledAt && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('sending.send.scheduledFor', { time: formatTime(campaign.scheduledAt) })} />
      )}
      {reason && state !== 'completed' && state !== 'sending' && (
        <Alert
          type={state === 'missed' ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          title={t(`sending.reasons.${reason.code}`)}
          description={sameText(reason.message, t(`sending.reasons.${reason.code}`)) ? undefined : reason.message}
          data-testid="pause-reason"
        />
      )}
      <Card size="small" style={{ marginBottom: 16 }}>
        <CampaignProgress state={state} progress={campaign.progress} counts={counts} />
        <div style={{ margin: '16px 0' }}>
          <SendCounts counts={counts} delivery={campaign.delivery} progress={campaign.progress} />
        </div>
        <div className="jst-editor-bar" style={{ marginBottom: 0 }}>
          <span className="jst-muted">
            {campaign.startedAt && t('sending.list.started', { time: formatTime(campaign.startedAt) })}
            {campaign.finishedAt && ` · ${t('sending.list.finished', { time: formatTime(campaign.finishedAt) })}`}
          </span>
          <CampaignActions campaign={campaign} />
        </div>
      </Card>
      <Card size="small" title={t('sending.recipients.tableTitle')}>
        <RecipientsTable campaignId={campaign.id} statuses={SEND_STATUSES} height={320} />
      </Card>
    </div>
  );
}
