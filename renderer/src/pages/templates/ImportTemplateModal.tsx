import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError } from '../../../../shared/errors';
import { TEMPLATE_TYPES, templateCodeProblem, type TemplateType } from '../../../../shared/sms';
import type { TemplateView } from '../../../../shared/templates/contract';
import { errorText, useApi } from '../../context';
import { useLang } from '../../format';

interface StockForm {
  name: string;
  type: TemplateType;
  content: string;
}

/**
 * 导入已有模板 by code (template.query). When Jushita does not know the code, the seller can register it as a
 * 存量模板 (approved at 阿里通信) with template.report.
 */
export function ImportTemplateModal({ open, onClose, onImported }: { open: boolean; onClose(): void; onImported(t: TemplateView): void }) {
  const api = useApi();
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const [code, setCode] = useState('');
  const [stock, setStock] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<StockForm>();

  const reset = () => {
    setCode('');
    setShowProblem(false);
    setStock(false);
    form.resetFields();
  };

  // The code's shape is checked here, before any query: a typo gets a clear reason instead of "not found".
  const codeProblem = code ? templateCodeProblem(code) : null;
  const [showProblem, setShowProblem] = useState(false);

  const run = async () => {
    if (templateCodeProblem(code)) {
      setShowProblem(true);
      return;
    }
    setBusy(true);
    try {
      const imported = stock
        ? await api.call('templates.reportStock', { code, ...(await form.validateFields()) })
        : await api.call('templates.import', { code });
      void message.success(t('templates.import.done', { name: imported.name }));
      reset();
      onImported(imported);
    } catch (error) {
      if (error instanceof AppError && error.detail?.notFound === true) setStock(true);
      else if (error instanceof AppError || error instanceof Error) void message.error(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('templates.import.title')}
      okText={stock ? t('templates.import.report') : t('templates.import.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !code.trim(), loading: busy }}
      onOk={() => void run()}
      onCancel={() => {
        reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form layout="vertical" form={form} initialValues={{ type: 1 }} requiredMark={false}>
        <Form.Item
          label={t('templates.import.code')}
          extra={t('templates.import.codeHelp')}
          validateStatus={showProblem && codeProblem ? 'error' : undefined}
          help={
            showProblem && codeProblem ? <span data-testid="import-code-error">{lang === 'en' ? codeProblem.messageEn : codeProblem.message}</span> : undefined
          }
        >
          <Input
            value={code}
            onChange={(e) => {
              setCode(e.target.value.trim());
              setStock(false);
            }}
            onBlur={() => setShowProblem(true)}
            onPressEnter={() => void run()}
            placeholder="SMS_123456789"
            data-testid="import-code"
            autoFocus
          />
        </Form.Item>
        {stock && (
          <>
            <Alert type="info" showIcon title={t('templates.import.stockTitle')} description={t('templates.import.stockHelp')} style={{ marginBottom: 16 }} />
            <Form.Item
              name="name"
              label={t('templates.editor.name')}
              rules={[{ required: true, whitespace: true, max: 30, message: t('templates.import.required') }]}
            >
              <Input maxLength={30} />
            </Form.Item>
            <Form.Item name="type" label={t('templates.editor.type')}>
              <Select options={TEMPLATE_TYPES.map((x) => ({ value: x.code, label: t(`templates.types.${x.key}`) }))} />
            </Form.Item>
            <Form.Item
              name="content"
              label={t('templates.editor.content')}
              rules={[{ required: true, whitespace: true, max: 500, message: t('templates.import.required') }]}
            >
              <Input.TextArea autoSize={{ minRows: 3 }} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
