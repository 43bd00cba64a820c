import { Alert, Skeleton, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../context';
import { useApiQuery } from '../../query';
import { useRouteDetail, type Navigate } from '../../routing/routes';
import { BuyerCapCard } from './BuyerCapCard';
import { DecisionLog } from './DecisionLog';
import { RuleCard } from './RuleCard';
import { UrgePayEffectCard } from './UrgePayEffectCard';
import './automations.css';

/** 自动化: the five order-triggered rules (one card each), the 催付 effect and the decision log (#/automations/log). */
export function AutomationsPage({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const tab = useRouteDetail() === 'log' ? 'log' : 'rules';
  const rules = useApiQuery('automations.list');
  const templates = useApiQuery('templates.list', { status: ['approved'] });
  const signatures = useApiQuery('signatures.list');

  return (
    <div data-testid="automations-page" className="jst-auto">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('automations.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('automations.subtitle')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate('automations', key === 'log' ? 'log' : undefined)}
        items={[
          {
            key: 'rules',
            label: t('automations.rulesTab'),
            children: (
              <div className="jst-auto-rules">
                {rules.error && <Alert type="error" showIcon title={errorText(t, rules.error)} />}
                {rules.isLoading && <Skeleton active />}
                {rules.data && <UrgePayEffectCard />}
                {rules.data && <BuyerCapCard />}
                {rules.data?.map((rule) => (
                  <RuleCard key={rule.kind} rule={rule} templates={templates.data} signatures={signatures.data} />
                ))}
              </div>
            ),
          },
          { key: 'log', label: t('automations.log.title'), children: <DecisionLog navigate={navigate} /> },
        ]}
      />
    </div>
  );
}
