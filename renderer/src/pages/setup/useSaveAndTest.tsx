import { App } from 'antd';
import type { Rule } from 'antd/es/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../../shared/settings/contract';
import type { SecretView } from '../../../../shared/settings/schema';
import { useConnectionTest, type ConnectionTarget } from '../../components/ConnectionTest';
import { errorText } from '../../context';
import { i18n, setLanguage } from '../../i18n';

export type CardProps = { settings: SettingsView; onSaved: (view: SettingsView) => void };

/** Placeholder and rules of a secret field: once stored it may stay empty ("keep"); otherwise it is required. */
export function useSecretField() {
  const { t } = useTranslation();
  return (view: SecretView, requiredMessage: string): { placeholder?: string; rules: Rule[] } => ({
    placeholder: view.set ? (view.masked ? t('setup.secretMasked', { masked: view.masked }) : t('setup.secretSet')) : undefined,
    rules: view.set ? [] : [{ required: true, whitespace: true, message: requiredMessage }],
  });
}

/** Saves settings through `action`; true when saved. Errors become one toast. */
export function useSave() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const save = async (action: () => Promise<SettingsView>, onSaved: CardProps['onSaved']) => {
    setSaving(true);
    try {
      const view = await action();
      // A language switch: the confirmation comes in the new language, not the one the button was pressed in.
      await setLanguage(view.preferences.language);
      onSaved(view);
      void message.success(i18n.t('setup.saved'));
      return true;
    } catch (error) {
      void message.error(errorText(t, error));
      return false;
    } finally {
      setSaving(false);
    }
  };
  return { saving, save };
}

/** 保存并测试: save, and only when that worked test the saved settings; one busy flag for both steps. */
export function useSaveAndTest(target: ConnectionTarget, onSaved: CardProps['onSaved']) {
  const { save } = useSave();
  const test = useConnectionTest(target);
  const [busy, setBusy] = useState(false);
  const saveAndTest = async (action: () => Promise<SettingsView>): Promise<boolean> => {
    setBusy(true);
    test.clear();
    try {
      const saved = await save(action, onSaved);
      if (saved) await test.run();
      return saved;
    } finally {
      setBusy(false);
    }
  };
  return { busy, result: test.result, saveAndTest };
}
