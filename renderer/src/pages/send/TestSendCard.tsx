import { SendOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { splitPastedNumbers } from '../../../../shared/sending/phone';
import { errorText } from '../../context';
import { formatTime } from '../../format';
import { useApiMutation, useApiQuery } from '../../query';
import { CampaignStateTag } from './CampaignStateTag';
import { DeliveryLine } from './DeliveryLine';

const MAX_NUMBERS = 5;

/**
 * 测试发送 in the check step: the message as it will go out, to the seller's own numbers (kept for next time), as a
 * separate send that the campaign does not count; its delivery shows here as reports come.
 */
export function TestSendCard({ campaignId, ready }: { campaignId: number; ready: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const tests = useApiQuery('campaigns.testSends', { id: campaignId });
  const send = useApiMutation('campaigns.testSend', { invalidates: ['campaigns.testSends'] });
  const [typed, setTyped] = useState<string | null>(null);
  const text = typed ?? tests.data?.numbers.join('，') ?? '';
  const phones = splitPastedNumbers(text);

  const submit = async () => {
    try {
      await send.mutateAsync({ id: campaignId, phones });
      void message.success(t('sending.test.sent', { count: phones.length }));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <Card size="small" title={t('sending.test.title')} style={{ marginBottom: 16 }} data-testid="test-send">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('sending.test.help')}
      </Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Input
          value={text}
          onChange={(e) => setTyped(e.target.value)}
          placeholder={t('sending.test.placeholder')}
          status={phones.length > MAX_NUMBERS ? 'error' : undefined}
          data-testid="test-numbers"
        />
        <Button
          icon={<SendOutlined />}
          loading={send.isPending}
          disabled={!ready || phones.length === 0 || phones.length > MAX_NUMBERS}
          onClick={() => void submit()}
          data-testid="test-send-button"
        >
          {t('sending.test.send')}
        </Button>
      </Space.Compact>
      {phones.length > MAX_NUMBERS && <div className="jst-reason">{t('sending.test.tooMany', { max: MAX_NUMBERS })}</div>}
      {(tests.data?.sends ?? []).slice(0, 3).map((s) => (
        <div key={s.id} className="jst-check-preview" data-testid="test-send-result" data-state={s.state}>
          <Space size={6} wrap>
            <CampaignStateTag state={s.state} />
            <span className="jst-muted">
              {formatTime(s.createdAt)} · {s.phones.join('、')}
            </span>
          </Space>
          <div>
            <DeliveryLine delivery={s.delivery} counts={s.counts} />
          </div>
          {s.reason && <div className="jst-reason">{s.reason.message}</div>}
        </div>
      ))}
    </Card>
  );
}
