import { App, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignSummary } from '../../../../shared/sending/contract';
import { errorText } from '../../context';
import { formatTime } from '../../format';
import { useApiMutation } from '../../query';
import { ScheduleTimePicker } from '../../components/ScheduleTimePicker';

type Decision = 'sendNow' | 'reschedule' | 'cancel';

/** 已错过: the scheduled time passed while the app was not running; the seller decides (it never fires late by itself). */
export function MissedDecisionModal({ campaign, onClose }: { campaign: Pick<CampaignSummary, 'id' | 'scheduledAt'>; onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const decide = useApiMutation('campaigns.decideMissed', { invalidates: ['campaigns.list', 'campaigns.get'] });
  const [decision, setDecision] = useState<Decision>('sendNow');
  const [at, setAt] = useState<string | null>(null);

  const submit = async () => {
    if (decision === 'reschedule' && !at) {
      void message.warning(t('sending.missed.atRequired'));
      return;
    }
    try {
      await decide.mutateAsync({ id: campaign.id, action: decision, ...(decision === 'reschedule' && at ? { at } : {}) });
      void message.success(t('sending.missed.done'));
      onClose();
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <Modal
      open
      title={t('sending.missed.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={decide.isPending}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: decision === 'cancel', 'data-testid': 'missed-ok' }}
    >
      <Typography.Paragraph>{t('sending.missed.body', { time: formatTime(campaign.scheduledAt) })}</Typography.Paragraph>
      <Radio.Group value={decision} onChange={(e) => setDecision(e.target.value as Decision)}>
        <Space orientation="vertical">
          <Radio value="sendNow">{t('sending.missed.sendNow')}</Radio>
          <Radio value="reschedule">{t('sending.missed.reschedule')}</Radio>
          {decision === 'reschedule' && (
            <ScheduleTimePicker value={at} onChange={setAt} placeholder={t('sending.missed.at')} style={{ width: 220, marginInlineStart: 24 }} />
          )}
          <Radio value="cancel">{t('sending.missed.cancel')}</Radio>
        </Space>
      </Radio.Group>
    </Modal>
  );
}
