import { createContext, useContext, useEffect } from 'react';
import type { Api } from '../../shared/api';
import type { EventName, EventPayload } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { TFunction } from 'i18next';

export const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('ApiContext missing');
  return api;
}

export function useEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
  const api = useApi();
  useEffect(() => api.on(event, listener), [api, event, listener]);
}

/** Server messages are already actionable Chinese; prefix the localized category. */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof AppError) return t('common.labelled', { label: t(`errors.${error.code}`), value: error.message });
  return error instanceof Error ? error.message : String(error);
}
