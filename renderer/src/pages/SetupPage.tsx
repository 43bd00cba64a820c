import { Alert, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { QuarantineCard } from '../components/QuarantineCard';
import { MqCard } from './setup/MqCard';
import { PreferencesCard } from './setup/PreferencesCard';
import { TopCard } from './setup/TopCard';
import type { CardProps } from './setup/useSaveAndTest';
import './setup/setup.css';

/** 设置: TOP and MQ credentials (each card saves, then tests), preferences, and diagnostics once MQ is set. */
export function SetupPage({ settings, onSaved }: CardProps) {
  const { t } = useTranslation();
  const firstRun = !settings.complete.top && !settings.complete.mq;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 760 }}>
      {firstRun && <Alert type="info" showIcon title={t('setup.firstRun')} data-testid="first-run" />}
      <TopCard settings={settings} onSaved={onSaved} />
      <MqCard settings={settings} onSaved={onSaved} />
      <PreferencesCard settings={settings} onSaved={onSaved} />
      {settings.complete.mq && <QuarantineCard />}
    </Space>
  );
}
