import { Button, Result, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, useApi } from '../../context';
import { navigate } from '../../routing/routes';
import { splitTids } from './OrderSource';

/** `#/send/new?orders=<tid,tid>` (the 订单 page's 发短信): the order numbers of a new campaign's route, if any. */
export function ordersOfNewRoute(detail: string | null): string[] | null {
  const m = detail ? /^new\?(.*)$/.exec(detail) : null;
  if (!m) return null;
  const params = new URLSearchParams(m[1]);
  if (params.has('segment') || params.has('rule')) return null;
  const orders = params.get('orders');
  return orders ? splitTids(orders) : [];
}

/** Creates the campaign with those orders as its recipients (one SMS per buyer), then opens it in the wizard. */
export function NewFromOrders({ tids, onBack }: { tids: string[]; onBack(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      try {
        const c = await api.call('campaigns.create', {});
        if (tids.length) await api.call('campaigns.importOrders', { id: c.id, tids, perOrder: false });
        navigate('send', String(c.id), { replace: true });
      } catch (e) {
        setError(errorText(t, e));
      }
    })();
  }, [api, t, tids]);
  if (error) return <Result status="warning" title={error} extra={<Button onClick={onBack}>{t('sending.wizard.back')}</Button>} />;
  return <Spin style={{ display: 'block', margin: '80px auto' }} data-testid="new-from-orders" />;
}
