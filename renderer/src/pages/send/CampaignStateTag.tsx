import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CampaignState } from '../../../../shared/sending/contract';

const COLOR: Record<CampaignState, string> = {
  draft: 'default',
  scheduled: 'purple',
  sending: 'processing',
  paused: 'warning',
  completed: 'success',
  cancelled: 'default',
  missed: 'error',
};

export function CampaignStateTag({ state }: { state: CampaignState }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOR[state]} data-testid="campaign-state" data-state={state} style={{ marginInlineEnd: 0 }}>
      {t(`sending.state.${state}`)}
    </Tag>
  );
}
