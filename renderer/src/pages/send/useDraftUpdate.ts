import { App } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { CampaignUpdateInput } from '../../../../shared/sending/contract';
import { errorText } from '../../context';
import { useApiMutation } from '../../query';

export type DraftPatch = Omit<z.input<typeof CampaignUpdateInput>, 'id'>;

const SAVE_AFTER_MS = 600;

/**
 * Edits of a draft go to main (the draft lives there and survives a reload). Typing is batched: patches merge
 * and are saved after a short pause; `flush()` saves at once (before leaving a step).
 */
export function useDraftUpdate(id: number) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { mutateAsync: update } = useApiMutation('campaigns.update', { invalidates: ['campaigns.get', 'campaigns.check', 'campaigns.list'] });
  const pending = useRef<DraftPatch>({});
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [saving, setSaving] = useState(false);

  const flush = useCallback(async (): Promise<boolean> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const patch = pending.current;
    pending.current = {};
    if (Object.keys(patch).length === 0) return true;
    setSaving(true);
    try {
      await update({ id, ...patch });
      return true;
    } catch (error) {
      void message.error(errorText(t, error));
      return false;
    } finally {
      setSaving(false);
    }
  }, [id, update, message, t]);

  const patch = useCallback(
    (fields: DraftPatch, { now = false } = {}) => {
      pending.current = { ...pending.current, ...fields };
      if (timer.current) clearTimeout(timer.current);
      if (now) void flush();
      else timer.current = setTimeout(() => void flush(), SAVE_AFTER_MS);
    },
    [flush],
  );

  // Leaving the step saves what was typed.
  const flushRef = useRef(flush);
  flushRef.current = flush;
  useEffect(() => () => void flushRef.current(), []);

  return { patch, flush, saving };
}
