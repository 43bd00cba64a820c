import {
  DeleteOutlined,
  EditOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  RedoOutlined,
  StopOutlined,
  ClockCircleOutlined,
  FieldTimeOutlined,
} from '@ant-design/icons';
import { App, Button, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignSummary } from '../../../../shared/sending/contract';
import { errorText } from '../../context';
import { useApiMutation } from '../../query';
import { MissedDecisionModal } from './MissedDecisionModal';
import { RescheduleModal } from './RescheduleModal';

type Actionable = Pick<CampaignSummary, 'id' | 'state' | 'counts' | 'scheduledAt'>;

const REFRESH = ['campaigns.list', 'campaigns.get', 'campaigns.recipients'] as const;

/** What the seller can do with a campaign in its current state (list row and progress step). */
export function CampaignActions({ campaign, onOpen, size = 'middle' }: { campaign: Actionable; onOpen?: () => void; size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const pause = useApiMutation('campaigns.pause', { invalidates: [...REFRESH] });
  const resume = useApiMutation('campaigns.resume', { invalidates: [...REFRESH] });
  const cancel = useApiMutation('campaigns.cancel', { invalidates: [...REFRESH] });
  const resend = useApiMutation('campaigns.resendUnconfirmed', { invalidates: [...REFRESH] });
  const remove = useApiMutation('campaigns.delete', { invalidates: ['campaigns.list'] });
  const edit = useApiMutation('campaigns.edit', { invalidates: [...REFRESH] });
  const [missedOpen, setMissedOpen] = useState(false);
  const [rescheduleOpen, setRescheduleOpen] = useState(false);
  const { id, state, counts } = campaign;

  const run = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action();
      void message.success(done);
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  const confirmCancel = () => {
    modal.confirm({
      title: t('sending.actions.cancelConfirmTitle'),
      content: t('sending.actions.cancelConfirmBody'),
      okText: t('sending.actions.cancel'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-cancel' },
      cancelText: t('common.cancel'),
      onOk: () => run(() => cancel.mutateAsync({ id }), t('sending.actions.cancelled')),
    });
  };

  const confirmResend = () => {
    modal.confirm({
      title: t('sending.actions.resendTitle', { count: counts.unconfirmed }),
      content: t('sending.actions.resendBody'),
      okText: t('sending.actions.resendOk'),
      okButtonProps: { 'data-testid': 'confirm-resend' },
      cancelText: t('common.cancel'),
      onOk: () => run(() => resend.mutateAsync({ id }), t('sending.actions.resent', { count: counts.unconfirmed })),
    });
  };

  const confirmEdit = () => {
    modal.confirm({
      title: t('sending.actions.editTitle'),
      content: t('sending.actions.editBody'),
      okText: t('sending.actions.edit'),
      okButtonProps: { 'data-testid': 'confirm-edit' },
      cancelText: t('common.cancel'),
      onOk: () =>
        run(async () => {
          await edit.mutateAsync({ id });
          onOpen?.();
        }, t('sending.actions.editing')),
    });
  };

  const stop = (e: React.MouseEvent) => e.stopPropagation();
  const canResend = counts.unconfirmed > 0 && (state === 'paused' || state === 'completed');

  return (
    <Space size={6} wrap onClick={stop} data-testid="campaign-actions">
      {state === 'draft' && onOpen && (
        <Button size={size} icon={<EditOutlined />} onClick={onOpen} data-testid="action-continue">
          {t('sending.actions.continue')}
        </Button>
      )}
      {state === 'draft' && (
        <Popconfirm
          title={t('sending.actions.deleteConfirm')}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
          onConfirm={() => void run(() => remove.mutateAsync({ id }), t('sending.actions.deleted'))}
        >
          <Button size={size} type="text" danger icon={<DeleteOutlined />} aria-label={t('sending.actions.delete')} data-testid="action-delete" />
        </Popconfirm>
      )}
      {state === 'sending' && (
        <Button
          size={size}
          icon={<PauseCircleOutlined />}
          loading={pause.isPending}
          onClick={() => void run(() => pause.mutateAsync({ id }), t('sending.actions.paused'))}
          data-testid="action-pause"
        >
          {t('sending.actions.pause')}
        </Button>
      )}
      {state === 'paused' && (
        <Button
          size={size}
          type="primary"
          icon={<PlayCircleOutlined />}
          loading={resume.isPending}
          onClick={() => void run(() => resume.mutateAsync({ id }), t('sending.actions.resumed'))}
          data-testid="action-resume"
        >
          {t('sending.actions.resume')}
        </Button>
      )}
      {canResend && (
        <Button size={size} icon={<RedoOutlined />} onClick={confirmResend} data-testid="action-resend">
          {t('sending.actions.resend', { count: counts.unconfirmed })}
        </Button>
      )}
      {state === 'missed' && (
        <Button size={size} type="primary" danger icon={<ClockCircleOutlined />} onClick={() => setMissedOpen(true)} data-testid="action-decide">
          {t('sending.actions.decide')}
        </Button>
      )}
      {state === 'scheduled' && (
        <>
          <Button size={size} icon={<FieldTimeOutlined />} onClick={() => setRescheduleOpen(true)} data-testid="action-reschedule">
            {t('sending.actions.reschedule')}
          </Button>
          <Button size={size} icon={<EditOutlined />} onClick={confirmEdit} data-testid="action-edit">
            {t('sending.actions.edit')}
          </Button>
        </>
      )}
      {(state === 'sending' || state === 'paused' || state === 'scheduled') && (
        <Button size={size} danger icon={<StopOutlined />} onClick={confirmCancel} data-testid="action-cancel">
          {t('sending.actions.cancel')}
        </Button>
      )}
      {missedOpen && <MissedDecisionModal campaign={campaign} onClose={() => setMissedOpen(false)} />}
      {rescheduleOpen && <RescheduleModal campaign={campaign} onClose={() => setRescheduleOpen(false)} />}
    </Space>
  );
}
