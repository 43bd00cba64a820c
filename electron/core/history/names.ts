import type { historyRequests } from '../../../shared/history/contract';

export type HistoryRequestName = keyof typeof historyRequests;
