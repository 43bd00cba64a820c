import { Checkbox, Form, InputNumber, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TEMPLATE_TYPE } from '../../../../shared/sms';
import type { CampaignView } from '../../../../shared/sending/contract';
import { ScheduleTimePicker } from '../../components/ScheduleTimePicker';
import { beijingPickerValue } from '../../beijing-picker';
import type { DraftPatch } from './useDraftUpdate';

export type ScheduleMode = 'now' | 'at';

/** Send now or at a Beijing time; marketing: 次日自动续发 and the frequency guard. */
export function ScheduleForm({
  campaign,
  mode,
  onMode,
  onPatch,
}: {
  campaign: CampaignView;
  mode: ScheduleMode;
  onMode(mode: ScheduleMode): void;
  onPatch(patch: DraftPatch, options?: { now?: boolean }): void;
}) {
  const { t } = useTranslation();
  // Typed digits stay on screen while the save is on its way (the field is not driven by the server's echo).
  const [days, setDays] = useState<number | null>(campaign.frequencyDays);
  const marketing = campaign.template?.type === TEMPLATE_TYPE.MARKETING;
  const missing = mode === 'at' && !beijingPickerValue(campaign.scheduledAt);

  return (
    <Form layout="vertical" requiredMark={false} data-testid="schedule-form">
      <Form.Item extra={t('sending.check.beijing')}>
        <Space wrap>
          <Radio.Group
            value={mode}
            onChange={(e) => {
              const next = e.target.value as ScheduleMode;
              onMode(next);
              if (next === 'now') onPatch({ scheduledAt: null });
            }}
            options={[
              { value: 'now', label: t('sending.check.sendNow') },
              { value: 'at', label: t('sending.check.sendAt') },
            ]}
            data-testid="schedule-mode"
          />
          {mode === 'at' && (
            <ScheduleTimePicker
              value={campaign.scheduledAt}
              onChange={(scheduledAt) => onPatch({ scheduledAt })}
              placeholder={t('sending.check.pickTime')}
              style={{ width: 200 }}
              status={missing ? 'error' : undefined}
              data-testid="schedule-at"
            />
          )}
        </Space>
        {missing && (
          <div className="jst-reason" data-testid="schedule-missing">
            {t('sending.check.pickTimeFirst')}
          </div>
        )}
      </Form.Item>
      {marketing && (
        <>
          <Form.Item extra={t('sending.check.autoResumeHelp')} style={{ marginBottom: 12 }}>
            <Checkbox checked={campaign.autoResumeNextDay} onChange={(e) => onPatch({ autoResumeNextDay: e.target.checked })} data-testid="auto-resume">
              {t('sending.check.autoResume')}
            </Checkbox>
          </Form.Item>
          <Form.Item label={t('sending.check.frequency')} extra={t('sending.check.frequencyHelp')}>
            <Space>
              <InputNumber
                min={0}
                max={90}
                precision={0}
                value={days}
                onChange={(v) => {
                  setDays(v);
                  if (v !== null) onPatch({ frequencyDays: v }, { now: false });
                }}
                style={{ width: 90 }}
                data-testid="frequency-days"
              />
              <Typography.Text type="secondary">{t('sending.check.days')}</Typography.Text>
            </Space>
          </Form.Item>
        </>
      )}
    </Form>
  );
}
