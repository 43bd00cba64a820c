import { AutoComplete, Button, Card, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { OFFICIAL_TOP_GATEWAYS, SIGN_METHODS, topGatewayProblem, type SecretView } from '../../../../shared/settings/schema';
import { ConnectionTestAlert } from '../../components/ConnectionTest';
import { useApi } from '../../context';
import { FieldHelp } from './FieldHelp';
import { isHttpUrl, originOf, rebindRule, secretOrUndefined } from './form-rules';
import { useSaveAndTest, useSecretField, type CardProps } from './useSaveAndTest';

interface TopForm {
  appKey?: string;
  appSecret?: string;
  session?: string;
  gatewayUrl: string;
  signMethod: (typeof SIGN_METHODS)[number];
}

export function TopCard({ settings, onSaved }: CardProps) {
  const api = useApi();
  const { t } = useTranslation();
  const [form] = Form.useForm<TopForm>();
  const secretField = useSecretField();
  const { busy, result, saveAndTest } = useSaveAndTest('top', onSaved);
  const top = settings.top;
  const appKey = secretField(top.appKey, t('setup.top.appKeyRequired'));
  const appSecret = secretField(top.appSecret, t('setup.top.appSecretRequired'));
  const session = secretField(top.session, t('setup.top.sessionRequired'));
  const savedOrigin = originOf(top.gatewayUrl);
  const rebind = (view: SecretView) => rebindRule(view, 'gatewayUrl', savedOrigin, t('setup.top.rebindRequired'));
  const gatewayOptions = OFFICIAL_TOP_GATEWAYS.map((g) => ({ value: g.url, label: `${t(`setup.top.gatewayEnv.${g.environment}`)} · ${g.url}` }));

  const submit = async (v: TopForm) => {
    const saved = await saveAndTest(() =>
      api.call('settings.saveTop', {
        appKey: secretOrUndefined(v.appKey),
        appSecret: secretOrUndefined(v.appSecret),
        session: secretOrUndefined(v.session),
        gatewayUrl: v.gatewayUrl.trim(),
        signMethod: v.signMethod,
      }),
    );
    if (saved) form.resetFields(['appKey', 'appSecret', 'session']);
  };

  return (
    <Card title={t('setup.top.title')} data-testid="top-card">
      <Form form={form} layout="vertical" initialValues={{ gatewayUrl: top.gatewayUrl, signMethod: top.signMethod }} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="appKey"
          label={t('setup.top.appKey')}
          extra={<FieldHelp field="appKey" />}
          rules={[...appKey.rules, { pattern: /^\d+$/, message: t('setup.top.appKeyInvalid'), warningOnly: true }]}
        >
          <Input placeholder={appKey.placeholder} autoComplete="off" data-testid="top-appKey" />
        </Form.Item>
        <Form.Item
          name="appSecret"
          label={t('setup.top.appSecret')}
          extra={<FieldHelp field="appSecret" />}
          dependencies={['gatewayUrl']}
          rules={[...appSecret.rules, rebind(top.appSecret)]}
        >
          <Input.Password placeholder={appSecret.placeholder} autoComplete="new-password" data-testid="top-appSecret" />
        </Form.Item>
        <Form.Item
          name="session"
          label={t('setup.top.session')}
          extra={<FieldHelp field="session" />}
          dependencies={['gatewayUrl']}
          rules={[...session.rules, rebind(top.session)]}
        >
          <Input.Password placeholder={session.placeholder} autoComplete="new-password" data-testid="top-session" />
        </Form.Item>
        <Form.Item
          name="gatewayUrl"
          label={t('setup.top.gatewayUrl')}
          extra={t('setup.top.gatewayHelp')}
          rules={[
            { required: true, message: t('setup.urlInvalid') },
            {
              validator: (_r, v: string) => {
                if (!v) return Promise.resolve();
                if (!isHttpUrl(v.trim())) return Promise.reject(new Error(t('setup.urlInvalid')));
                return topGatewayProblem(v) ? Promise.reject(new Error(t('setup.top.gatewayInsecure'))) : Promise.resolve();
              },
            },
          ]}
        >
          <AutoComplete options={gatewayOptions}>
            <Input data-testid="top-gatewayUrl" />
          </AutoComplete>
        </Form.Item>
        <Form.Item name="signMethod" label={t('setup.top.signMethod')}>
          <Select options={SIGN_METHODS.map((m) => ({ value: m, label: m }))} data-testid="top-signMethod" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="top-save-test">
          {t('setup.saveAndTest')}
        </Button>
        {result && <ConnectionTestAlert target="top" result={result} />}
      </Form>
    </Card>
  );
}
