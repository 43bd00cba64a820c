import { Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SecretView } from '../../../../shared/settings/schema';
import { ConnectionTestAlert } from '../../components/ConnectionTest';
import { useApi } from '../../context';
import { FieldHelp } from './FieldHelp';
import { isHttpUrl, joinTopics, originOf, rebindRule, secretOrUndefined, splitTopics } from './form-rules';
import { useSaveAndTest, useSecretField, type CardProps } from './useSaveAndTest';

interface MqForm {
  endpoint: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  instanceId?: string;
  /** Plain text, split on save: nothing typed is lost for want of an Enter. */
  topics?: string;
  groupId: string;
  messageTag?: string;
}

export function MqCard({ settings, onSaved }: CardProps) {
  const api = useApi();
  const { t } = useTranslation();
  const [form] = Form.useForm<MqForm>();
  const secretField = useSecretField();
  const { busy, result, saveAndTest } = useSaveAndTest('mq', onSaved);
  const mq = settings.mq;
  const accessKeyId = secretField(mq.accessKeyId, t('setup.mq.accessKeyIdRequired'));
  const accessKeySecret = secretField(mq.accessKeySecret, t('setup.mq.accessKeySecretRequired'));
  const savedOrigin = originOf(mq.endpoint, true);
  const rebind = (view: SecretView) => rebindRule(view, 'endpoint', savedOrigin, t('setup.mq.rebindRequired'), true);

  const submit = async (v: MqForm) => {
    const saved = await saveAndTest(() =>
      api.call('settings.saveMq', {
        endpoint: v.endpoint.trim(),
        accessKeyId: secretOrUndefined(v.accessKeyId),
        accessKeySecret: secretOrUndefined(v.accessKeySecret),
        instanceId: (v.instanceId ?? '').trim(),
        topics: splitTopics(v.topics),
        groupId: v.groupId.trim(),
        messageTag: (v.messageTag ?? '').trim(),
      }),
    );
    if (saved) form.resetFields(['accessKeyId', 'accessKeySecret']);
  };

  return (
    <Card title={t('setup.mq.title')} data-testid="mq-card">
      <p className="setup-card-intro">{t('setup.mq.intro')}</p>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ endpoint: mq.endpoint, instanceId: mq.instanceId, topics: joinTopics(mq.topics), groupId: mq.groupId, messageTag: mq.messageTag }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          name="endpoint"
          label={t('setup.mq.endpoint')}
          extra={<FieldHelp field="endpoint" />}
          rules={[
            { required: true, whitespace: true, message: t('setup.mq.endpointRequired') },
            { validator: (_r, v: string) => (!v || isHttpUrl(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('setup.urlInvalid')))) },
          ]}
        >
          <Input placeholder="http://1234567890.mqrest.cn-hangzhou.aliyuncs.com" data-testid="mq-endpoint" />
        </Form.Item>
        <Form.Item
          name="accessKeyId"
          label={t('setup.mq.accessKeyId')}
          extra={<FieldHelp field="accessKeyId" />}
          dependencies={['endpoint']}
          rules={[...accessKeyId.rules, rebind(mq.accessKeyId)]}
        >
          <Input placeholder={accessKeyId.placeholder} autoComplete="off" data-testid="mq-accessKeyId" />
        </Form.Item>
        <Form.Item
          name="accessKeySecret"
          label={t('setup.mq.accessKeySecret')}
          extra={<FieldHelp field="accessKeySecret" />}
          dependencies={['endpoint']}
          rules={[...accessKeySecret.rules, rebind(mq.accessKeySecret)]}
        >
          <Input.Password placeholder={accessKeySecret.placeholder} autoComplete="new-password" data-testid="mq-accessKeySecret" />
        </Form.Item>
        <Form.Item name="instanceId" label={t('setup.mq.instanceId')} extra={<FieldHelp field="instanceId" />}>
          <Input placeholder="MQ_INST_…" data-testid="mq-instanceId" />
        </Form.Item>
        <Form.Item
          name="topics"
          label={t('setup.mq.topics')}
          extra={<FieldHelp field="topics">{t('setup.mq.topicsHelp')}</FieldHelp>}
          rules={[
            {
              validator: (_r, v: string | undefined) =>
                splitTopics(v).length > 0 ? Promise.resolve() : Promise.reject(new Error(t('setup.mq.topicsRequired'))),
            },
          ]}
        >
          <Input placeholder="jst_sms_report, jst_sms_up" autoComplete="off" data-testid="mq-topics" />
        </Form.Item>
        <Form.Item
          name="groupId"
          label={t('setup.mq.groupId')}
          extra={<FieldHelp field="groupId" />}
          rules={[{ required: true, whitespace: true, message: t('setup.mq.groupIdRequired') }]}
        >
          <Input placeholder="GID_…" data-testid="mq-groupId" />
        </Form.Item>
        <Form.Item name="messageTag" label={t('setup.mq.messageTag')} extra={t('setup.mq.messageTagHelp')}>
          <Input data-testid="mq-messageTag" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="mq-save-test">
          {t('setup.saveAndTest')}
        </Button>
        {result && <ConnectionTestAlert target="mq" result={result} />}
      </Form>
    </Card>
  );
}
