import { App, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignSummary } from '../../../../shared/sending/contract';
import { errorText } from '../../context';
import { formatTime } from '../../format';
import { useApiMutation } from '../../query';
import { ScheduleTimePicker } from '../../components/ScheduleTimePicker';

/** 改时间 of a scheduled campaign: main re-checks the new time and keeps the old one if the check refuses it. */
export function RescheduleModal({ campaign, onClose }: { campaign: Pick<CampaignSummary, 'id' | 'scheduledAt'>; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reschedule = useApiMutation('campaigns.reschedule', { invalidates: ['campaigns.list', 'campaigns.get'] });
  const [at, setAt] = useState<string | null>(campaign.scheduledAt);

  const submit = async () => {
    if (!at) {
      void message.warning(t('sending.missed.atRequired'));
      return;
    }
    try {
      await reschedule.mutateAsync({ id: campaign.id, scheduledAt: at });
      void message.success(t('sending.actions.rescheduled', { time: formatTime(at) }));
      onClose();
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <Modal
      open
      title={t('sending.actions.rescheduleTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={reschedule.isPending}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'reschedule-ok' }}
    >
      <Typography.Paragraph>{t('sending.actions.rescheduleBody', { time: formatTime(campaign.scheduledAt) })}</Typography.Paragraph>
      <ScheduleTimePicker value={at} onChange={setAt} placeholder={t('sending.missed.at')} style={{ width: 220 }} data-testid="reschedule-at" />
    </Modal>
  );
}
