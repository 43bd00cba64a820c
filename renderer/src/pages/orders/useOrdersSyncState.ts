import { useApiQuery } from '../../query';

/** orders.syncState for the 订单 page, the status bar and 概览: refreshed by orders events and once a minute (the gap grows with the clock). */
export function useOrdersSyncState() {
  return useApiQuery('orders.syncState', undefined, { refetchInterval: 60_000 });
}
