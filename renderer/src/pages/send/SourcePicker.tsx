import { InboxOutlined } from '@ant-design/icons';
import { App, Button, Input, Progress, Tabs, Typography, Upload } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_PASTE_CHARS, type RecipientSource } from '../../../../shared/recipients/contract';
import { errorText } from '../../context';
import { useChunkedUpload } from './useChunkedUpload';
import { MAX_UPLOAD_BYTES } from '../../../../shared/uploads/contract';

const ACCEPT = '.csv,.txt,.xlsx';
const MAX_MB = Math.floor(MAX_UPLOAD_BYTES / 1024 / 1024);

/** Where the numbers come from: a paste box, a file streamed to main in chunks, or the buyers of orders (`orders`) or of a segment (`segment`). */
export function SourcePicker({
  busy,
  onSource,
  orders,
  segment,
  initial,
}: {
  busy: boolean;
  onSource(source: RecipientSource, fileName: string | null): void;
  orders?: ReactNode;
  segment?: ReactNode;
  initial?: 'paste' | 'file' | 'orders' | 'segment';
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const { upload, state } = useChunkedUpload();

  const takePaste = () => {
    if (text.trim() === '') {
      void message.warning(t('sending.recipients.pasteEmpty'));
      return;
    }
    onSource({ kind: 'paste', text }, null);
  };

  const takeFile = async (file: File) => {
    if (!/\.(csv|txt|xlsx)$/i.test(file.name)) {
      void message.error(t('sending.recipients.fileType'));
      return;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      void message.error(t('sending.recipients.fileTooBig', { size: MAX_MB }));
      return;
    }
    try {
      const uploadId = await upload(file);
      onSource({ kind: 'upload', uploadId }, file.name);
    } catch (error) {
      void message.error(t('sending.recipients.uploadFailed', { error: errorText(t, error) }));
    }
  };

  return (
    <Tabs
      data-testid="source-tabs"
      defaultActiveKey={initial}
      items={[
        {
          key: 'paste',
          label: t('sending.recipients.paste'),
          children: (
            <div>
              <Typography.Paragraph type="secondary">{t('sending.recipients.pasteHelp')}</Typography.Paragraph>
              <Input.TextArea
                value={text}
                onChange={(e) => setText(e.target.value)}
                autoSize={{ minRows: 6, maxRows: 12 }}
                maxLength={MAX_PASTE_CHARS}
                placeholder={t('sending.recipients.pastePlaceholder')}
                data-testid="paste-box"
                spellCheck={false}
              />
              <div className="jst-counter">
                <span>{t('sending.recipients.pasteChars', { count: text.length, max: MAX_PASTE_CHARS.toLocaleString() })}</span>
                <Button type="primary" onClick={takePaste} loading={busy} data-testid="paste-recognise">
                  {t('sending.recipients.pasteRecognise')}
                </Button>
              </div>
            </div>
          ),
        },
        {
          key: 'file',
          label: t('sending.recipients.file'),
          children: (
            <div data-testid="file-drop">
              <Upload.Dragger
                accept={ACCEPT}
                multiple={false}
                showUploadList={false}
                disabled={!!state || busy}
                beforeUpload={(file) => {
                  void takeFile(file);
                  return Upload.LIST_IGNORE;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{t('sending.recipients.fileDrop')}</p>
                <p className="ant-upload-hint">{t('sending.recipients.fileHelp', { size: MAX_MB })}</p>
              </Upload.Dragger>
              {state && (
                <div data-testid="upload-progress" style={{ marginTop: 12 }}>
                  <Typography.Text type="secondary">{t('sending.recipients.uploading', { name: state.name })}</Typography.Text>
                  <Progress percent={state.total ? Math.floor((state.sent / state.total) * 100) : 100} status="active" />
                </div>
              )}
              {busy && !state && <Typography.Text type="secondary">{t('sending.recipients.reading')}</Typography.Text>}
            </div>
          ),
        },
        ...(orders ? [{ key: 'orders', label: <span data-testid="source-orders">{t('sending.orders.tab')}</span>, children: orders }] : []),
        ...(segment ? [{ key: 'segment', label: <span data-testid="source-segment">{t('sending.segment.tab')}</span>, children: segment }] : []),
      ]}
    />
  );
}
