import { Spin } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../shared/settings/contract';
import { useReloadOnDemoSwitch } from './components/DemoMode';
import { LoadError } from './components/LoadError';
import { errorText, useApi, useEvent } from './context';
import { setLanguage } from './i18n';
import { VaultGate } from './pages/VaultGate';
import { useApiQuery } from './query';
import { navigate, useRoute } from './routing/routes';
import type { VaultStatus } from '../../shared/vault/contract';

// The first screen is the vault gate: the menu, pages and notices load once the vault is open.
const AppFrame = lazy(() => import('./AppFrame').then((m) => ({ default: m.AppFrame })));

export function AppShell() {
  const api = useApi();
  const { t } = useTranslation();
  const [vault, setVault] = useState<VaultStatus>();
  const [settings, setSettings] = useState<SettingsView>();
  const { page } = useRoute();
  const demo = useApiQuery('demo.status');
  useReloadOnDemoSwitch();

  const [loadError, setLoadError] = useState<string>();
  const reload = useCallback(() => {
    setLoadError(undefined);
    return (async () => {
      const status = await api.call('vault.status');
      setVault(status);
      const view = await api.call('settings.get');
      // The strings first, so no screen flashes the other language (English loads on demand). If English cannot
      // load, the default zh-CN stays and the next settings load tries again.
      await setLanguage(view.preferences.language).catch(() => undefined);
      setSettings(view);
    })().catch((error: unknown) => setLoadError(errorText(t, error)));
  }, [api, t]);

  useEffect(() => {
    void reload(); // never rejects: a failure becomes loadError
  }, [reload]);
  useEvent(
    'settings.changed',
    useCallback(() => void reload(), [reload]),
  );

  useEffect(() => {
    // No route in the address: the landing page. First run (no shop connected, not in the demo): the welcome
    // screen offers setup or the demo.
    if (page === null && settings && demo.data) navigate(settings.complete.top || demo.data.active ? 'overview' : 'welcome', undefined, { replace: true });
  }, [page, settings, demo.data]);

  // Before the first load nothing can be shown but the failure; later (settings.changed) it sits above the page.
  if ((!vault || !settings) && loadError) {
    return (
      <div style={{ padding: 24 }}>
        <LoadError error={loadError} onRetry={() => void reload()} />
      </div>
    );
  }
  if (!vault || !settings || page === null) return <Spin fullscreen tip={t('common.loading')} />;
  if (vault.state !== 'unlocked') return <VaultGate status={vault} onChanged={setVault} />;
  return (
    <Suspense fallback={<Spin fullscreen tip={t('common.loading')} />}>
      <AppFrame page={page} vault={vault} settings={settings} onSettingsSaved={setSettings} loadError={loadError} onRetry={() => void reload()} />
    </Suspense>
  );
}
