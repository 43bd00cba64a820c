import { ExperimentOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Space } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, useApi, useEvent } from '../context';
import { useApiQuery } from '../query';
import type { Navigate } from '../routing/routes';
import { DemoTestSend } from './DemoTestSend';

/** The other core answers now: start over on its landing page. */
function reloadOnOtherProfile() {
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  window.location.reload();
}

/** After a switch (from this window or another) the other core answers. */
export function useReloadOnDemoSwitch() {
  useEvent('demo.changed', reloadOnOtherProfile);
}

/** 演示模式 banner with 发一条测试短信 and 退出演示, shown on every page while the demo profile is active. */
export function DemoBanner({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const api = useApi();
  const status = useApiQuery('demo.status');
  const [leaving, setLeaving] = useState(false);
  const [testing, setTesting] = useState(false);
  if (!status.data?.active) return null;
  return (
    <>
      <Alert
        data-testid="demo-banner"
        type="warning"
        banner
        icon={<ExperimentOutlined />}
        title={t('demo.banner')}
        action={
          <Space>
            <Button size="small" type="primary" icon={<SendOutlined />} data-testid="demo-test-send" onClick={() => setTesting(true)}>
              {t('demo.testSend')}
            </Button>
            <Button
              size="small"
              data-testid="demo-exit"
              loading={leaving}
              onClick={() => {
                setLeaving(true);
                // demo.exit answers once the seller's own core serves again.
                api.call('demo.exit').then(reloadOnOtherProfile, () => setLeaving(false));
              }}
            >
              {leaving ? t('demo.exiting') : t('demo.exit')}
            </Button>
          </Space>
        }
      />
      <DemoTestSend open={testing} onClose={() => setTesting(false)} navigate={navigate} />
    </>
  );
}

/** demo.enter answers once the demo core serves (then the page reloads) or with why it could not start. */
export function useEnterDemo(): { enter: () => void; entering: boolean; error: string | null } {
  const { t } = useTranslation();
  const api = useApi();
  const [entering, setEntering] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const enter = useCallback(() => {
    setEntering(true);
    setError(null);
    api.call('demo.enter', { confirm: true }).then(reloadOnOtherProfile, (e: unknown) => {
      setEntering(false);
      setError(`${t('demo.failed')}：${errorText(t, e)}`);
    });
  }, [api, t]);
  return { enter, entering, error };
}
