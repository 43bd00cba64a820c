import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SegmentSource as Source } from '../../../../shared/audiences/contract';
import { navigate } from '../../routing/routes';
import { SegmentSource } from './SegmentSource';

/** 人群's 发送: the segment and its control group chosen first; the campaign is created with them and opens in the wizard. */
export function NewFromSegment({ source, onBack }: { source: Source | 'invalid'; onBack(): void }) {
  const { t } = useTranslation();
  if (source === 'invalid')
    return <Result status="warning" title={t('sending.segment.badRoute')} extra={<Button onClick={onBack}>{t('sending.wizard.back')}</Button>} />;
  return (
    <div data-testid="new-from-segment">
      <div className="jst-editor-bar">
        <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
          {t('sending.wizard.back')}
        </Button>
      </div>
      <Card size="small" title={t('sending.segment.title')} style={{ maxWidth: 720 }}>
        <SegmentSource campaignId={null} initial={source} onImported={(id) => navigate('send', String(id), { replace: true })} />
      </Card>
    </div>
  );
}
