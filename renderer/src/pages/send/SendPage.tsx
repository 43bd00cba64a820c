import { useRouteDetail, type Navigate } from '../../routing/routes';
import { CampaignList } from './CampaignList';
import { CampaignWizard } from './CampaignWizard';
import { useCampaignLiveCache } from './live-cache';
import './send.css';

/** 发送: the campaign list, or one campaign (#/send/<id>) in the wizard. */
export function SendPage({ navigate }: { navigate: Navigate }) {
  const detail = useRouteDetail();
  useCampaignLiveCache();
  const id = detail && /^\d{1,15}$/.test(detail) ? Number(detail) : null;
  return (
    <div data-testid="send-page" style={{ maxWidth: 1280 }}>
      {id ? <CampaignWizard key={id} id={id} onBack={() => navigate('send')} /> : <CampaignList onOpen={(next) => navigate('send', String(next))} />}
    </div>
  );
}
