import { App, AutoComplete, Form, Input, Modal, Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { extractVariables, renderTemplate } from '../../../../shared/sms';
import { errorText } from '../../context';
import { useApiMutation, useApiQuery } from '../../query';
import { ownValue } from '../../../../shared/records';

/** 发送模板: one approved template to this number, through the campaign ledger (suppression and frequency checks there). */
export function SendTemplateModal({ phone, open, onClose }: { phone: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const templates = useApiQuery('templates.list', { status: ['approved'] }, { enabled: open });
  const signatures = useApiQuery('signatures.list', undefined, { enabled: open });
  const send = useApiMutation('campaigns.sendSingle', { invalidates: ['campaigns.list'] });
  const [templateId, setTemplateId] = useState<number | null>(null);
  const [signName, setSignName] = useState('');
  const [vars, setVars] = useState<Record<string, string>>({});
  const template = templates.data?.find((tpl) => tpl.id === templateId) ?? null;
  const names = useMemo(() => (template ? extractVariables(template.content) : []), [template]);
  const approvedSignatures = (signatures.data ?? []).filter((s) => s.status === 'approved');
  // Missing values stay visible as ${name}; no signature yet reads as a placeholder, not an empty 【】.
  const preview = template ? `【${signName.trim() || t('inbox.send.signMissing')}】${renderTemplate(template.content, vars).text}` : '';
  const ready = template !== null && signName.trim() !== '' && names.every((n) => (ownValue(vars, n) ?? '').trim() !== '');
  const submit = async () => {
    if (!template) return;
    try {
      await send.mutateAsync({ phone, templateId: template.id, signName: signName.trim(), vars });
      void message.success(t('inbox.send.sent'));
      onClose();
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <Modal
      open={open}
      title={t('inbox.send.title', { phone })}
      okText={t('inbox.send.submit')}
      okButtonProps={{ disabled: !ready, loading: send.isPending, id: 'send-template-ok' }}
      onCancel={onClose}
      onOk={() => void submit()}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('inbox.send.template')}>
          <Select
            value={templateId ?? undefined}
            onChange={(id: number) => {
              setTemplateId(id);
              const chosen = templates.data?.find((tpl) => tpl.id === id);
              // The template's preview signature, else the shop's only approved one.
              const fallback = approvedSignatures.length === 1 ? approvedSignatures[0]!.name : '';
              if (!signName) setSignName(chosen?.previewSignName || fallback);
            }}
            notFoundContent={t('inbox.send.noTemplates')}
            options={(templates.data ?? []).map((tpl) => ({ value: tpl.id, label: `${tpl.name}（${tpl.platformCode ?? ''}）` }))}
            data-testid="send-template-select"
          />
        </Form.Item>
        <Form.Item label={t('inbox.send.sign')}>
          <AutoComplete
            value={signName}
            onChange={setSignName}
            options={approvedSignatures.map((s) => ({ value: s.name }))}
            placeholder={t('inbox.send.signPlaceholder')}
            data-testid="send-template-sign"
          />
        </Form.Item>
        {names.map((name) => (
          <Form.Item key={name} label={`\${${name}}`} required>
            <Input value={vars[name] ?? ''} onChange={(e) => setVars((v) => ({ ...v, [name]: e.target.value }))} maxLength={500} />
          </Form.Item>
        ))}
        {template && (
          <Form.Item label={t('inbox.send.preview')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#f5f5f5', padding: 8, borderRadius: 6 }}>{preview}</Typography.Paragraph>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
