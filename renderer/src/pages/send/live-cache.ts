import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { CampaignProgressEvent, CampaignSummary, CampaignView } from '../../../../shared/sending/contract';
import { useEvent } from '../../context';
import type { ImportProgress } from '../../../../shared/recipients/contract';

/**
 * High-frequency events write their payload into the query cache (no refetch per event): progress into
 * campaigns.get / campaigns.list, import progress into campaigns.get. query.tsx still refreshes them, throttled.
 */
export function useCampaignLiveCache(): void {
  const client = useQueryClient();
  useEvent(
    'campaigns.progress',
    useCallback(
      (e: CampaignProgressEvent) => {
        const patch = { state: e.state, counts: e.counts, progress: e.progress };
        client.setQueriesData<CampaignView>({ queryKey: ['campaigns.get'] }, (old) => (old && old.id === e.id ? { ...old, ...patch } : old));
        client.setQueriesData<CampaignSummary[]>({ queryKey: ['campaigns.list'] }, (old) => old?.map((c) => (c.id === e.id ? { ...c, ...patch } : c)));
      },
      [client],
    ),
  );
  useEvent(
    'campaigns.importProgress',
    useCallback(
      (e: ImportProgress) => {
        client.setQueriesData<CampaignView>({ queryKey: ['campaigns.get'] }, (old) => (old && old.id === e.campaignId ? { ...old, importProgress: e } : old));
        // The summary counts change when the import ends.
        if (e.state !== 'running') {
          void client.invalidateQueries({ queryKey: ['campaigns.get'] });
          void client.invalidateQueries({ queryKey: ['campaigns.recipients'] });
        }
      },
      [client],
    ),
  );
}
