import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../query';
import { useRouteDetail, type Navigate } from '../../routing/routes';
import { OrderDrawer } from './OrderDrawer';
import { OrdersSettings } from './OrdersSettings';
import { OrdersTable } from './OrdersTable';
import { SyncCard } from './SyncCard';
import './orders.css';

/** 订单: the sync state and its settings, the order list, one order's detail (#/orders/<tid>). */
export function OrdersPage({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const detail = useRouteDetail();
  const open = detail && /^\d{1,24}$/.test(detail) ? detail : null;
  const settings = useApiQuery('orders.settings.get');
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} className="orders-page">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('orders.title')}
      </Typography.Title>
      <SyncCard defaultDays={settings.data?.firstImportDays} />
      <OrdersSettings />
      <OrdersTable onOpen={(tid) => navigate('orders', tid)} navigate={navigate} />
      <OrderDrawer tid={open} onClose={() => navigate('orders')} navigate={navigate} />
    </Space>
  );
}
