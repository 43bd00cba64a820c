import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrderSummary } from '../../../../shared/orders/contract';

const COLOR: Record<string, string> = {
  WAIT_BUYER_PAY: 'orange',
  PAY_PENDING: 'orange',
  WAIT_SELLER_SEND_GOODS: 'blue',
  PAID_FORBID_CONSIGN: 'red',
  SELLER_CONSIGNED_PART: 'cyan',
  WAIT_BUYER_CONFIRM_GOODS: 'cyan',
  TRADE_BUYER_SIGNED: 'green',
  TRADE_FINISHED: 'green',
  TRADE_CLOSED: 'default',
  TRADE_CLOSED_BY_TAOBAO: 'default',
};

/** A trade status in the platform's own Chinese name (English when chosen). */
export function StatusTag({ status }: { status: OrderSummary['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOR[status] ?? 'default'} data-status={status}>
      {t(`orders.status.${status || 'none'}`)}
    </Tag>
  );
}
