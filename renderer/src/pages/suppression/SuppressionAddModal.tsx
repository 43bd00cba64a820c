import { Alert, App, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_PASTE_CHARS } from '../../../../shared/recipients/contract';
import { errorText } from '../../context';
import { useApiMutation } from '../../query';
import { type SuppressionAddResult, SUPPRESSION_REASONS, type SuppressionReason } from '../../../../shared/suppression/contract';

/** Paste many numbers (same separators as the recipient paste box); main says what it added. */
export function SuppressionAddModal({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const add = useApiMutation('suppression.add', { invalidates: ['suppression.list'] });
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  // 拉黑 by default: a number typed in by the seller stayed out of every send before there were two reasons.
  const [reason, setReason] = useState<SuppressionReason>('block');
  const [result, setResult] = useState<SuppressionAddResult | null>(null);

  const submit = async () => {
    if (result) return onClose();
    if (!text.trim()) {
      void message.warning(t('sending.recipients.pasteEmpty'));
      return;
    }
    try {
      setResult(await add.mutateAsync({ text, reason, ...(note.trim() ? { note: note.trim() } : {}) }));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  return (
    <Modal
      open
      title={t('suppression.addTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={add.isPending}
      okText={result ? t('common.ok') : t('suppression.add')}
      cancelText={t('common.cancel')}
      cancelButtonProps={result ? { style: { display: 'none' } } : undefined}
      okButtonProps={{ 'data-testid': 'suppression-add-ok' }}
    >
      {result ? (
        <div data-testid="suppression-add-result">
          <Alert type="success" showIcon title={t('suppression.added', { added: result.added, already: result.already })} />
          {result.invalid.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 12 }}
              title={t('suppression.invalid', { count: result.invalid.length })}
              description={<Typography.Text className="jst-invalid-list">{result.invalid.join('、')}</Typography.Text>}
            />
          )}
        </div>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('suppression.addHelp')}</Typography.Paragraph>
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 5, maxRows: 10 }}
            maxLength={MAX_PASTE_CHARS}
            spellCheck={false}
            data-testid="suppression-paste"
          />
          <Form.Item label={t('suppression.reasonLabel')} style={{ margin: '12px 0 0' }}>
            <Radio.Group value={reason} onChange={(e) => setReason(e.target.value as SuppressionReason)} data-testid="suppression-reason">
              {SUPPRESSION_REASONS.map((r) => (
                <Radio key={r} value={r} data-testid={`suppression-reason-${r}`}>
                  {t(`suppression.reasons.${r}`)}
                  <Typography.Text type="secondary"> — {t(`suppression.reasonHelp.${r}`)}</Typography.Text>
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Input
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={200}
            placeholder={t('suppression.notePlaceholder')}
            style={{ marginTop: 12 }}
            data-testid="suppression-note"
          />
        </>
      )}
    </Modal>
  );
}
