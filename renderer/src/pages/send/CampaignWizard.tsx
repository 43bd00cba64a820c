import { ArrowLeftOutlined } from '@ant-design/icons';
import { App, Button, Result, Spin, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignView } from '../../../../shared/sending/contract';
import { errorText } from '../../context';
import { useApiMutation, useApiQuery } from '../../query';
import { CampaignStateTag } from './CampaignStateTag';
import { CheckStep } from './CheckStep';
import { ContentStep } from './ContentStep';
import { finalCount } from '../../../../shared/sending/summary';
import { RecipientsStep } from './RecipientsStep';
import { SendStep } from './SendStep';

const STEP_KEYS = ['recipients', 'content', 'check', 'send'] as const;

/** Where a reopened campaign continues: the first step that still needs the seller. */
function resumeStep(c: CampaignView): number {
  if (c.state !== 'draft') return 3;
  if (c.counts.rows === 0 || c.importProgress?.state === 'running') return 0;
  if (!c.template || !c.signName) return 1;
  return 2;
}

/** One campaign: 收件人 → 内容 → 检查 → 发送. Everything is saved in main as it is entered. */
export function CampaignWizard({ id, onBack }: { id: number; onBack(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const query = useApiQuery('campaigns.get', { id });
  const rename = useApiMutation('campaigns.update', { invalidates: ['campaigns.get', 'campaigns.list'] });
  const [chosenStep, setStep] = useState<number | null>(null);
  const campaign = query.data;
  // Decided once when the campaign opens; later changes (an import finishing) must not move the seller.
  if (campaign && chosenStep === null) setStep(resumeStep(campaign));

  if (query.error) {
    return <Result status="warning" title={errorText(t, query.error)} extra={<Button onClick={onBack}>{t('sending.wizard.back')}</Button>} />;
  }
  if (!campaign) return <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const draft = campaign.state === 'draft';
  const step = draft ? (chosenStep ?? resumeStep(campaign)) : 3;
  const hasRecipients = finalCount(campaign.counts) > 0 && campaign.importProgress?.state !== 'running';
  const reachable = [true, hasRecipients, hasRecipients && !!campaign.template && !!campaign.signName, false];
  const go = (next: number) => setStep(next);

  return (
    <div data-testid="campaign-wizard" data-campaign-id={campaign.id}>
      <div className="jst-editor-bar">
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, minWidth: 0 }}>
          <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="back-to-campaigns">
            {t('sending.wizard.back')}
          </Button>
          <Typography.Title
            level={4}
            style={{ margin: 0 }}
            data-testid="campaign-name"
            editable={
              draft
                ? {
                    onChange: (name) =>
                      name.trim() && rename.mutate({ id, name: name.trim().slice(0, 100) }, { onError: (error) => void message.error(errorText(t, error)) }),
                    tooltip: t('sending.wizard.rename'),
                  }
                : false
            }
          >
            {campaign.name || t('sending.list.untitled')}
          </Typography.Title>
          <CampaignStateTag state={campaign.state} />
        </div>
      </div>
      <Steps
        current={step}
        onChange={draft ? (next) => reachable[next] && go(next) : undefined}
        className="jst-send-steps"
        data-testid="wizard-steps"
        items={STEP_KEYS.map((key, i) => ({
          title: t(`sending.wizard.steps.${key}`),
          content: t(`sending.wizard.hints.${key}`),
          disabled: !draft || !reachable[i],
          status: !draft ? (i < 3 ? 'finish' : campaign.state === 'completed' ? 'finish' : 'process') : undefined,
        }))}
      />
      <div data-testid={`wizard-step-${STEP_KEYS[step]}`}>
        {step === 0 && <RecipientsStep campaign={campaign} onNext={() => go(1)} />}
        {step === 1 && <ContentStep campaign={campaign} onBack={() => go(0)} onNext={() => go(2)} />}
        {step === 2 && <CheckStep campaign={campaign} onBack={() => go(1)} onNext={() => go(3)} />}
        {step === 3 && <SendStep campaign={campaign} onBack={draft ? () => go(2) : undefined} />}
      </div>
    </div>
  );
}
