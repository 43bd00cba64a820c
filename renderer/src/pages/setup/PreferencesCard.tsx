import { Card, Select, Switch } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../../shared/settings/schema';
import { useApi } from '../../context';
import { useSave, type CardProps } from './useSaveAndTest';

/** A label that wraps (long English labels must not be clipped) and its control on the right. */
function PreferenceRow({ label, id, children }: { label: string; id: string; children: ReactNode }) {
  return (
    <div className="setup-pref-row">
      <label htmlFor={id} className="setup-pref-label">
        {label}
      </label>
      <div className="setup-pref-control">{children}</div>
    </div>
  );
}

export function PreferencesCard({ settings, onSaved }: CardProps) {
  const api = useApi();
  const { t } = useTranslation();
  const { save } = useSave();
  const prefs = settings.preferences;
  const update = (patch: Partial<typeof prefs>) => void save(() => api.call('settings.savePreferences', { ...prefs, ...patch }), onSaved);
  return (
    <Card title={t('setup.preferences.title')} data-testid="preferences-card">
      <PreferenceRow label={t('setup.preferences.language')} id="pref-language">
        <Select
          id="pref-language"
          value={prefs.language}
          style={{ width: 160 }}
          onChange={(language) => update({ language })}
          options={LANGUAGES.map((l) => ({ value: l, label: t(`common.language.${l}`) }))}
          data-testid="pref-language"
        />
      </PreferenceRow>
      <PreferenceRow label={t('setup.preferences.closeToTray')} id="pref-closeToTray">
        <Switch id="pref-closeToTray" checked={prefs.closeToTray} onChange={(closeToTray) => update({ closeToTray })} data-testid="pref-closeToTray" />
      </PreferenceRow>
      <PreferenceRow label={t('setup.preferences.notifyReplies')} id="pref-notifyReplies">
        <Switch
          id="pref-notifyReplies"
          checked={prefs.notifyReplies}
          onChange={(notifyReplies) => update({ notifyReplies })}
          data-testid="pref-notifyReplies"
        />
      </PreferenceRow>
    </Card>
  );
}
