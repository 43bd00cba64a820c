import { Alert, App, Button, Checkbox, Drawer, Form, Input, Radio, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxSettings } from '../../../../shared/settings/schema';
import { errorText } from '../../context';
import { useApiMutation, useApiQuery } from '../../query';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const lines = (text: string) => [
  ...new Set(
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  ),
];

/** Asks the browser for notification permission (only when the seller turns the switch on). */
export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission === 'granted' || Notification.permission === 'denied') return Notification.permission;
  return Notification.requestPermission();
}

export function InboxSettingsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const info = useApiQuery('app.info');
  const settings = useApiQuery('inbox.settings', undefined, { enabled: open });
  const save = useApiMutation('inbox.saveSettings', { invalidates: ['inbox.settings'] });
  const [draft, setDraft] = useState<InboxSettings | null>(null);
  const [dnd, setDnd] = useState({ on: false, start: '22:00', end: '08:00' });
  const [keywords, setKeywords] = useState('');
  const [phrases, setPhrases] = useState('');
  useEffect(() => {
    if (!settings.data || !open) return;
    setDraft(settings.data);
    setDnd(settings.data.doNotDisturb ? { on: true, ...settings.data.doNotDisturb } : { on: false, start: '22:00', end: '08:00' });
    setKeywords(settings.data.optOutKeywords.join('\n'));
    setPhrases(settings.data.likelyOptOutPhrases.join('\n'));
  }, [settings.data, open]);
  const browser = info.data?.host === 'browser';
  const dndValid = !dnd.on || (CLOCK.test(dnd.start) && CLOCK.test(dnd.end));

  const onSave = async () => {
    if (!draft) return;
    try {
      await save.mutateAsync({
        doNotDisturb: dnd.on ? { start: dnd.start, end: dnd.end } : null,
        notificationPhoneMask: draft.notificationPhoneMask,
        webNotifications: draft.webNotifications,
        optOutKeywords: lines(keywords),
        likelyOptOutPhrases: lines(phrases),
      });
      void message.success(t('inbox.settings.saved'));
      onClose();
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('inbox.settings.title')}
      width={480}
      extra={
        <Button
          type="primary"
          onClick={() => void onSave()}
          disabled={!draft || !dndValid || lines(keywords).length === 0}
          loading={save.isPending}
          data-testid="inbox-settings-save"
        >
          {t('inbox.settings.save')}
        </Button>
      }
    >
      {browser && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('inbox.settings.locked')} data-testid="inbox-locked-note" />}
      {draft && (
        <Form layout="vertical">
          <Form.Item
            label={t('inbox.settings.dnd')}
            validateStatus={dndValid ? undefined : 'error'}
            help={dndValid ? undefined : t('inbox.settings.dndInvalid')}
          >
            <Checkbox checked={dnd.on} onChange={(e) => setDnd((d) => ({ ...d, on: e.target.checked }))} data-testid="dnd-on">
              {t('inbox.settings.dndOn')}
            </Checkbox>
            <Space style={{ marginTop: 8 }}>
              <Input
                addonBefore={t('inbox.settings.dndStart')}
                value={dnd.start}
                disabled={!dnd.on}
                onChange={(e) => setDnd((d) => ({ ...d, start: e.target.value }))}
                style={{ width: 150 }}
                maxLength={5}
              />
              <Input
                addonBefore={t('inbox.settings.dndEnd')}
                value={dnd.end}
                disabled={!dnd.on}
                onChange={(e) => setDnd((d) => ({ ...d, end: e.target.value }))}
                style={{ width: 150 }}
                maxLength={5}
              />
            </Space>
          </Form.Item>
          <Form.Item label={t('inbox.settings.mask')}>
            <Radio.Group
              value={draft.notificationPhoneMask}
              onChange={(e) => setDraft({ ...draft, notificationPhoneMask: e.target.value as InboxSettings['notificationPhoneMask'] })}
            >
              {(['none', 'middle', 'all'] as const).map((m) => (
                <Radio key={m} value={m}>
                  {t(`inbox.settings.masks.${m}`)}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('inbox.settings.web')} extra={browser ? t('inbox.settings.webHelp') : t('inbox.settings.webElectron')}>
            <Switch
              disabled={!browser}
              checked={draft.webNotifications}
              data-testid="web-notifications"
              onChange={(on) => {
                if (!on) return setDraft({ ...draft, webNotifications: false });
                const decided = (permission: NotificationPermission | 'unsupported') => {
                  if (permission === 'granted') setDraft({ ...draft, webNotifications: true });
                  else void message.warning(t(permission === 'unsupported' ? 'inbox.notice.unsupported' : 'inbox.notice.permissionDenied'));
                };
                askNotificationPermission().then(decided, () => decided('unsupported'));
              }}
            />
          </Form.Item>
          <Form.Item label={t('inbox.settings.keywords')} extra={t('inbox.settings.listHelp')}>
            <Input.TextArea rows={5} value={keywords} onChange={(e) => setKeywords(e.target.value)} />
          </Form.Item>
          <Form.Item label={t('inbox.settings.phrases')} extra={t('inbox.settings.listHelp')}>
            <Input.TextArea rows={4} value={phrases} onChange={(e) => setPhrases(e.target.value)} />
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} />
        </Form>
      )}
    </Drawer>
  );
}
