import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import { MAX_UPLOAD_BYTES } from '../../../../shared/uploads/contract';
import { errorText } from '../../context';
import { useApiMutation } from '../../query';
import { useChunkedUpload } from '../send/useChunkedUpload';
import { type SuppressionImportResult } from '../../../../shared/suppression/contract';

const ACCEPT = '.csv,.txt,.xlsx';
const MAX_MB = Math.floor(MAX_UPLOAD_BYTES / 1024 / 1024);

/** 导入黑名单: a CSV/TXT/XLSX file streamed to main, read by the recipients readers; the counts show in a dialog. */
export function SuppressionImportButton() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { upload, state } = useChunkedUpload();
  const importList = useApiMutation('suppression.import', { invalidates: ['suppression.list', 'campaigns.check'] });

  const showResult = (name: string, r: SuppressionImportResult) =>
    modal.info({
      title: t('suppression.importDone', { name }),
      content: (
        <div data-testid="suppression-import-result">
          <div>{t('suppression.importCounts', { added: r.added, already: r.already, invalid: r.invalid })}</div>
          {r.invalidSamples.length > 0 && <div className="jst-muted">{t('suppression.importInvalid', { samples: r.invalidSamples.join('、') })}</div>}
        </div>
      ),
      okButtonProps: { 'data-testid': 'suppression-import-ok' },
    });

  const take = async (file: File) => {
    if (!/\.(csv|txt|xlsx)$/i.test(file.name)) {
      void message.error(t('sending.recipients.fileType'));
      return;
    }
    try {
      const uploadId = await upload(file);
      showResult(file.name, await importList.mutateAsync({ source: { kind: 'upload', uploadId } }));
    } catch (error) {
      void message.error(error instanceof RangeError ? t('sending.recipients.fileTooBig', { size: MAX_MB }) : errorText(t, error));
    }
  };

  return (
    <span data-testid="suppression-import-file">
      <Upload
        accept={ACCEPT}
        multiple={false}
        showUploadList={false}
        beforeUpload={(file) => {
          void take(file);
          return Upload.LIST_IGNORE;
        }}
      >
        <Button icon={<UploadOutlined />} loading={!!state || importList.isPending} data-testid="suppression-import">
          {t('suppression.import')}
        </Button>
      </Upload>
    </span>
  );
}
