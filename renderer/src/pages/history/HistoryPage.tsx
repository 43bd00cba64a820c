import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRouteDetail, type Navigate } from '../../routing/routes';
import { CampaignDetail } from './CampaignDetail';
import { HistoryList } from './HistoryList';
import { NumberLookup } from './NumberLookup';
import './history.css';

/**
 * 发送记录. Routes: #/history (campaigns), #/history/<campaign id> (detail), #/history/lookup[:<phone>] (查询号码).
 */
export function HistoryPage({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const detail = useRouteDetail();
  const id = detail && /^\d{1,15}$/.test(detail) ? Number(detail) : null;
  if (id) return <CampaignDetail key={id} id={id} navigate={navigate} />;
  const lookup = detail?.startsWith('lookup') ? detail.slice('lookup:'.length) : null;
  return (
    <div className="history" data-testid="history-page">
      <Typography.Title level={4}>{t('history.title')}</Typography.Title>
      <Tabs
        activeKey={lookup !== null ? 'lookup' : 'campaigns'}
        onChange={(key) => navigate('history', key === 'lookup' ? 'lookup' : undefined)}
        items={[
          { key: 'campaigns', label: t('history.tabs.campaigns'), children: <HistoryList onOpen={(next) => navigate('history', String(next))} /> },
          { key: 'lookup', label: t('history.tabs.lookup'), children: <NumberLookup initialPhone={lookup ?? ''} navigate={navigate} /> },
        ]}
      />
    </div>
  );
}
