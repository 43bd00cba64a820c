import { useRouteDetail, type Navigate } from '../../routing/routes';
import { CampaignList } from './CampaignList';
import { CampaignWizard } from './CampaignWizard';
import { NewFromOrders, ordersOfNewRoute } from './NewFromOrders';
import { NewFromSegment } from './NewFromSegment';
import { segmentOfNewRoute } from './SegmentSource';
import { useCampaignLiveCache } from './live-cache';
import './send.css';

/**
 * 发送: the campaign list, one campaign (#/send/<id>) in the wizard, or a new one for chosen orders (#/send/new?orders=…)
 * or a segment (#/send/new?segment=<id>, #/send/new?rule=<json>).
 */
export function SendPage({ navigate }: { navigate: Navigate }) {
  const detail = useRouteDetail();
  useCampaignLiveCache();
  const id = detail && /^\d{1,15}$/.test(detail) ? Number(detail) : null;
  const orders = ordersOfNewRoute(detail);
  const segment = segmentOfNewRoute(detail);
  return (
    <div data-testid="send-page" style={{ maxWidth: 1280 }}>
      {segment ? (
        <NewFromSegment key={detail} source={segment} onBack={() => navigate('send')} />
      ) : orders ? (
        <NewFromOrders key={detail} tids={orders} onBack={() => navigate('send')} />
      ) : id ? (
        <CampaignWizard key={id} id={id} onBack={() => navigate('send')} />
      ) : (
        <CampaignList onOpen={(next) => navigate('send', String(next))} />
      )}
    </div>
  );
}
