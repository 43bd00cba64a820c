import { Alert, Button } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostConnection, type HostConnectionState } from '../transport/browser';

/** Browser host only: says plainly when the local service stopped or was restarted (never a stale green UI). */
export function HostConnectionBanner() {
  const { t } = useTranslation();
  const [state, setState] = useState<HostConnectionState>(hostConnection.get);
  useEffect(() => hostConnection.subscribe(setState), []);
  if (state === 'connected') return null;
  return (
    <Alert
      data-testid="host-connection"
      className="host-connection-banner"
      type="error"
      banner
      title={state === 'replaced' ? t('host.replaced') : t('host.lost')}
      description={state === 'replaced' ? t('host.replacedHelp') : t('host.lostHelp')}
      action={
        state === 'lost' ? (
          <Button size="small" onClick={() => window.location.reload()}>
            {t('host.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
