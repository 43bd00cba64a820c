import { App, Alert, Button, Card, Form, Input, Select, Space, Switch } from 'antd';
import type { Rule } from 'antd/es/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../shared/contract';
import { LANGUAGES, SIGN_METHODS, type SecretView } from '../../../shared/settings';
import { ConnectionTest } from '../components/ConnectionTest';
import { QuarantineCard } from '../components/QuarantineCard';
import { errorText, useApi } from '../context';

type Props = { settings: SettingsView; onSaved: (view: SettingsView) => void };

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

/** Empty secret inputs mean "keep what is stored"; only non-empty values are sent. */
const secretOrUndefined = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);

export function SetupPage({ settings, onSaved }: Props) {
  const { t } = useTranslation();
  const firstRun = !settings.complete.top && !settings.complete.mq;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 760 }}>
      {firstRun && <Alert type="info" showIcon message={t('setup.firstRun')} data-testid="first-run" />}
      <TopCard settings={settings} onSaved={onSaved} />
      <MqCard settings={settings} onSaved={onSaved} />
      <PreferencesCard settings={settings} onSaved={onSaved} />
      {settings.complete.mq && <QuarantineCard />}
    </Space>
  );
}

function useSecretField() {
  const { t } = useTranslation();
  return (view: SecretView, requiredMessage: string): { placeholder?: string; rules: Rule[] } => ({
    placeholder: view.set ? (view.masked ? t('setup.secretMasked', { masked: view.masked }) : t('setup.secretSet')) : undefined,
    rules: view.set ? [] : [{ required: true, whitespace: true, message: requiredMessage }],
  });
}

function useSave() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const save = async (action: () => Promise<SettingsView>, onSaved: Props['onSaved']) => {
    setSaving(true);
    try {
      onSaved(await action());
      void message.success(t('setup.saved'));
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

function TopCard({ settings, onSaved }: Props) {
  const api = useApi();
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const secretField = useSecretField();
  const { saving, save } = useSave();
  const top = settings.top;
  const appKey = secretField(top.appKey, t('setup.top.appKeyRequired'));
  const appSecret = secretField(top.appSecret, t('setup.top.appSecretRequired'));
  const session = secretField(top.session, t('setup.top.sessionRequired'));

  return (
    <Card title={t('setup.top.title')} data-testid="top-card">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ gatewayUrl: top.gatewayUrl, signMethod: top.signMethod }}
        onFinish={async (v: { appKey?: string; appSecret?: string; session?: string; gatewayUrl: string; signMethod: (typeof SIGN_METHODS)[number] }) => {
          const ok = await save(
            () =>
              api.call('settings.saveTop', {
                appKey: secretOrUndefined(v.appKey),
                appSecret: secretOrUndefined(v.appSecret),
                session: secretOrUndefined(v.session),
                gatewayUrl: v.gatewayUrl.trim(),
                signMethod: v.signMethod,
              }),
            onSaved,
          );
          if (ok) form.resetFields(['appKey', 'appSecret', 'session']);
        }}
      >
        <Form.Item name="appKey" label={t('setup.top.appKey')} rules={[...appKey.rules, { pattern: /^\d+$/, message: t('setup.top.appKeyInvalid'), warningOnly: true }]}>
          <Input placeholder={appKey.placeholder} autoComplete="off" data-testid="top-appKey" />
        </Form.Item>
        <Form.Item name="appSecret" label={t('setup.top.appSecret')} rules={appSecret.rules}>
          <Input.Password placeholder={appSecret.placeholder} autoComplete="new-password" data-testid="top-appSecret" />
        </Form.Item>
        <Form.Item name="session" label={t('setup.top.session')} rules={session.rules}>
          <Input.Password placeholder={session.placeholder} autoComplete="new-password" data-testid="top-session" />
        </Form.Item>
        <Form.Item
          name="gatewayUrl"
          label={t('setup.top.gatewayUrl')}
          rules={[{ required: true, message: t('setup.urlInvalid') }, { validator: (_r, v: string) => (!v || isHttpUrl(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('setup.urlInvalid')))) }]}
        >
          <Input data-testid="top-gatewayUrl" />
        </Form.Item>
        <Form.Item name="signMethod" label={t('setup.top.signMethod')}>
          <Select options={SIGN_METHODS.map((m) => ({ value: m, label: m }))} data-testid="top-signMethod" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="top-save">
            {t('setup.save')}
          </Button>
        </Space>
        <div style={{ marginTop: 12 }}>
          <ConnectionTest target="top" disabled={!settings.complete.top} />
        </div>
      </Form>
    </Card>
  );
}

function MqCard({ settings, onSaved }: Props) {
  const api = useApi();
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const secretField = useSecretField();
  const { saving, save } = useSave();
  const mq = settings.mq;
  const accessKeyId = secretField(mq.accessKeyId, t('setup.mq.accessKeyIdRequired'));
  const accessKeySecret = secretField(mq.accessKeySecret, t('setup.mq.accessKeySecretRequired'));

  return (
    <Card title={t('setup.mq.title')} extra={<span style={{ color: '#888' }}>{t('setup.mq.intro')}</span>} data-testid="mq-card">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ endpoint: mq.endpoint, instanceId: mq.instanceId, topics: mq.topics, groupId: mq.groupId, messageTag: mq.messageTag }}
        onFinish={async (v: { endpoint: string; accessKeyId?: string; accessKeySecret?: string; instanceId?: string; topics: string[]; groupId: string; messageTag?: string }) => {
          const ok = await save(
            () =>
              api.call('settings.saveMq', {
                endpoint: v.endpoint.trim(),
                accessKeyId: secretOrUndefined(v.accessKeyId),
                accessKeySecret: secretOrUndefined(v.accessKeySecret),
                instanceId: (v.instanceId ?? '').trim(),
                topics: v.topics.map((s) => s.trim()).filter(Boolean),
                groupId: v.groupId.trim(),
                messageTag: (v.messageTag ?? '').trim(),
              }),
            onSaved,
          );
          if (ok) form.resetFields(['accessKeyId', 'accessKeySecret']);
        }}
      >
        <Form.Item
          name="endpoint"
          label={t('setup.mq.endpoint')}
          rules={[
            { required: true, whitespace: true, message: t('setup.mq.endpointRequired') },
            { validator: (_r, v: string) => (!v || isHttpUrl(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('setup.urlInvalid')))) },
          ]}
        >
          <Input placeholder="http://1234567890.mqrest.cn-hangzhou.aliyuncs.com" data-testid="mq-endpoint" />
        </Form.Item>
        <Form.Item name="accessKeyId" label={t('setup.mq.accessKeyId')} rules={accessKeyId.rules}>
          <Input placeholder={accessKeyId.placeholder} autoComplete="off" data-testid="mq-accessKeyId" />
        </Form.Item>
        <Form.Item name="accessKeySecret" label={t('setup.mq.accessKeySecret')} rules={accessKeySecret.rules}>
          <Input.Password placeholder={accessKeySecret.placeholder} autoComplete="new-password" data-testid="mq-accessKeySecret" />
        </Form.Item>
        <Form.Item name="instanceId" label={t('setup.mq.instanceId')}>
          <Input placeholder="MQ_INST_…" data-testid="mq-instanceId" />
        </Form.Item>
        <Form.Item name="topics" label={t('setup.mq.topics')} extra={t('setup.mq.topicsHelp')} rules={[{ required: true, type: 'array', min: 1, message: t('setup.mq.topicsRequired') }]}>
          <Select mode="tags" open={false} tokenSeparators={[',', ' ']} data-testid="mq-topics" />
        </Form.Item>
        <Form.Item name="groupId" label={t('setup.mq.groupId')} rules={[{ required: true, whitespace: true, message: t('setup.mq.groupIdRequired') }]}>
          <Input placeholder="GID_…" data-testid="mq-groupId" />
        </Form.Item>
        <Form.Item name="messageTag" label={t('setup.mq.messageTag')} extra={t('setup.mq.messageTagHelp')}>
          <Input data-testid="mq-messageTag" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="mq-save">
            {t('setup.save')}
          </Button>
        </Space>
        <div style={{ marginTop: 12 }}>
          <ConnectionTest target="mq" disabled={!settings.complete.mq} />
        </div>
      </Form>
    </Card>
  );
}

function PreferencesCard({ settings, onSaved }: Props) {
  const api = useApi();
  const { t } = useTranslation();
  const { save } = useSave();
  const prefs = settings.preferences;
  const update = (patch: Partial<typeof prefs>) => void save(() => api.call('settings.savePreferences', { ...prefs, ...patch }), onSaved);
  return (
    <Card title={t('setup.preferences.title')} data-testid="preferences-card">
      <Form layout="horizontal" labelCol={{ span: 14 }} labelAlign="left">
        <Form.Item label={t('setup.preferences.language')}>
          <Select
            value={prefs.language}
            style={{ width: 160 }}
            onChange={(language) => update({ language })}
            options={LANGUAGES.map((l) => ({ value: l, label: t(`common.language.${l}`) }))}
            data-testid="pref-language"
          />
        </Form.Item>
        <Form.Item label={t('setup.preferences.closeToTray')}>
          <Switch checked={prefs.closeToTray} onChange={(closeToTray) => update({ closeToTray })} />
        </Form.Item>
        <Form.Item label={t('setup.preferences.notifyReplies')}>
          <Switch checked={prefs.notifyReplies} onChange={(notifyReplies) => update({ notifyReplies })} />
        </Form.Item>
      </Form>
    </Card>
  );
}
