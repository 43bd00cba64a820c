import { App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizePhone } from '../../../shared/sending/phone';
import { extractVariables, renderTemplate, TEMPLATE_TYPE } from '../../../shared/sms';
import type { SignatureView, TemplateView } from '../../../shared/templates/contract';
import { errorText } from '../context';
import { useApiMutation, useApiQuery } from '../query';
import type { Navigate } from '../routing/routes';

/** The demo's test SMS: an approved notification template whose example values fill every variable. */
function testTemplate(templates: TemplateView[] | undefined): TemplateView | null {
  return (
    templates?.find((x) => x.type === TEMPLATE_TYPE.NOTIFICATION && extractVariables(x.content).every((name) => (x.sampleValues[name] ?? '').trim() !== '')) ??
    null
  );
}

/** Its signature: the template's own preview signature if approved, else the shop's only approved one. */
function testSignature(template: TemplateView | null, signatures: SignatureView[] | undefined): string {
  const approved = (signatures ?? []).filter((s) => s.status === 'approved');
  if (template && approved.some((s) => s.name === template.previewSignName)) return template.previewSignName;
  return approved.length === 1 ? approved[0]!.name : '';
}

/**
 * 发一条测试短信 (demo only): the number is the one thing to type. It goes out as a single send through the campaign
 * ledger (campaigns.sendSingle), then the send page shows it delivered and the simulated buyer's reply raises a notice.
 */
export function DemoTestSend({ open, onClose, navigate }: { open: boolean; onClose(): void; navigate: Navigate }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const templates = useApiQuery('templates.list', { status: ['approved'] }, { enabled: open });
  const signatures = useApiQuery('signatures.list', undefined, { enabled: open });
  const send = useApiMutation('campaigns.sendSingle', { invalidates: ['campaigns.list'] });
  const [phone, setPhone] = useState('');
  const template = testTemplate(templates.data);
  const signName = testSignature(template, signatures.data);
  const number = normalizePhone(phone);
  const text = template ? `【${signName}】${renderTemplate(template.content, template.sampleValues).text}` : '';
  const ready = template !== null && signName !== '' && number.ok;

  const submit = async () => {
    if (!ready) return;
    try {
      const campaign = await send.mutateAsync({ phone: number.phone, templateId: template.id, signName, vars: template.sampleValues });
      onClose();
      setPhone('');
      navigate('send', String(campaign.id));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <Modal
      open={open}
      title={t('demo.testTitle')}
      okText={t('demo.testSubmit')}
      okButtonProps={{ disabled: !ready, loading: send.isPending, ...{ 'data-testid': 'demo-test-submit' } }}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => void submit()}
      destroyOnHidden
    >
      <Form layout="vertical" onFinish={() => void submit()}>
        <Form.Item
          label={t('demo.testPhone')}
          validateStatus={phone.trim() !== '' && !number.ok ? 'error' : undefined}
          help={phone.trim() !== '' && !number.ok ? t('demo.testPhoneInvalid') : undefined}
        >
          <Input
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            placeholder={t('demo.testPhonePlaceholder')}
            maxLength={20}
            inputMode="tel"
            autoFocus
            data-testid="demo-test-phone"
          />
        </Form.Item>
        <Form.Item label={t('demo.testMessage')} extra={template ? t('demo.testTemplate', { name: template.name }) : undefined}>
          {template ? (
            <Typography.Paragraph
              style={{ whiteSpace: 'pre-wrap', background: '#f5f5f5', padding: 8, borderRadius: 6, marginBottom: 0 }}
              data-testid="demo-test-text"
            >
              {text}
            </Typography.Paragraph>
          ) : (
            <Typography.Text type="secondary">{templates.isLoading ? '…' : t('demo.testNoTemplate')}</Typography.Text>
          )}
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="demo-test-next">
        {t('demo.testWhatNext')}
      </Typography.Paragraph>
    </Modal>
  );
}
