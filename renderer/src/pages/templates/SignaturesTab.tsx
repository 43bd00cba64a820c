import { DeleteOutlined, ImportOutlined, PaperClipOutlined, PlusOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table, Tooltip, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lintSignature, SIGN_SOURCES, type SignSource } from '../../../../shared/sms';
import { PROOF_FILE_LIMITS, type SignatureView } from '../../../../shared/templates/contract';
import { errorText, useApi } from '../../context';
import { formatTime, useLang } from '../../format';
import { LintPanel } from './LintPanel';
import { StatusChip } from './StatusChip';
import { readFileAsBase64 } from '../../files';

interface Draft {
  id?: number;
  name: string;
  source: SignSource;
  remark: string;
}

const ACCEPT = PROOF_FILE_LIMITS.suffixes.map((s) => `.${s}`).join(',');

/** 签名: create with proof files, track the review, modify while unreviewed, resubmit after a rejection. */
export function SignaturesTab({ signatures, submitting }: { signatures: SignatureView[] | undefined; submitting: Set<string> }) {
  const api = useApi();
  const { t } = useTranslation();
  const lang = useLang();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Draft | null>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | 'upload' | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [importName, setImportName] = useState('');

  const current = editing?.id !== undefined ? signatures?.find((s) => s.id === editing.id) : undefined;
  const editable = current ? current.editable : true;
  const lint = useMemo(() => (editing ? lintSignature({ signName: editing.name, source: editing.source }) : null), [editing]);

  const save = async (): Promise<SignatureView | null> => {
    if (!editing) return null;
    setBusy('save');
    try {
      const saved = await api.call('signatures.save', { id: editing.id, name: editing.name, source: editing.source, remark: editing.remark });
      setEditing((d) => (d ? { ...d, id: saved.id } : d));
      return saved;
    } catch (error) {
      void message.error(errorText(t, error));
      return null;
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    const saved = await save();
    if (!saved) return;
    setBusy('submit');
    submitting.add(`signature-${saved.id}`);
    try {
      const result = await api.call('signatures.submit', { id: saved.id });
      if (result.status === 'queued') void message.warning(t('templates.editor.queued'));
      else void message.success(t('templates.signatures.submitted'));
      setEditing(null);
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      submitting.delete(`signature-${saved.id}`);
      setBusy(null);
    }
  };

  const upload = async (file: File) => {
    if (file.size > PROOF_FILE_LIMITS.maxBytes) {
      void message.error(t('templates.signatures.fileTooLarge', { kb: Math.round(PROOF_FILE_LIMITS.maxBytes / 1024) }));
      return;
    }
    const saved = editing?.id !== undefined ? current : await save();
    if (!saved) return;
    setBusy('upload');
    try {
      await api.call('signatures.addFile', { signatureId: saved.id, fileName: file.name, base64: await readFileAsBase64(file) });
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (id: number) => {
    try {
      await api.call('signatures.delete', { id });
      void message.success(t('templates.list.deleted'));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  const runImport = async () => {
    try {
      await api.call('signatures.import', { name: importName });
      void message.success(t('templates.import.done', { name: importName }));
      setImportOpen(false);
      setImportName('');
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  const sourceLabel = (code: number) => t(`templates.signatures.sources.s${code}`);
  const submitLabel =
    current?.status === 'pending'
      ? t('templates.signatures.submitModify')
      : current?.status === 'rejected'
        ? t('templates.signatures.resubmit')
        : t('templates.editor.submit');

  return (
    <div data-testid="signatures-tab">
      <div className="jst-editor-bar">
        <Typography.Text type="secondary">{t('templates.signatures.intro')}</Typography.Text>
        <Space>
          <Button icon={<ImportOutlined />} onClick={() => setImportOpen(true)}>
            {t('templates.signatures.import')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ name: '', source: 4, remark: '' })} data-testid="new-signature">
            {t('templates.signatures.new')}
          </Button>
        </Space>
      </div>
      <Table<SignatureView>
        rowKey="id"
        loading={!signatures}
        dataSource={signatures ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('templates.signatures.empty')} /> }}
        onRow={(s) =>
          ({
            onClick: () => setEditing({ id: s.id, name: s.name, source: s.source, remark: s.remark }),
            style: { cursor: 'pointer' },
            'data-testid': `signature-row-${s.id}`,
          }) as React.HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            title: t('templates.signatures.name'),
            key: 'name',
            render: (_, s) => (
              <>
                <Typography.Text strong>【{s.name}】</Typography.Text>
                {s.status === 'rejected' && s.reason && <div className="jst-reason">{t('templates.list.reason', { reason: s.reason })}</div>}
              </>
            ),
          },
          { title: t('templates.signatures.source'), key: 'source', render: (_, s) => sourceLabel(s.source) },
          {
            title: t('templates.list.status'),
            key: 'status',
            width: 130,
            render: (_, s) => (
              <Tooltip title={s.status === 'rejected' ? s.reason : s.lastError || undefined}>
                <span>
                  <StatusChip status={s.status} />
                </span>
              </Tooltip>
            ),
          },
          {
            title: t('templates.signatures.files'),
            key: 'files',
            width: 90,
            render: (_, s) =>
              s.files.length ? (
                <span>
                  <PaperClipOutlined /> {s.files.length}
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: t('templates.list.updated'),
            key: 'updated',
            width: 150,
            render: (_, s) => <span className="jst-muted">{formatTime(s.updatedAt, lang)}</span>,
          },
          {
            title: '',
            key: 'actions',
            width: 56,
            render: (_, s) => (
              <span onClick={(e) => e.stopPropagation()}>
                <Popconfirm
                  title={t('templates.signatures.deleteConfirm')}
                  onConfirm={() => void remove(s.id)}
                  okText={t('common.ok')}
                  cancelText={t('common.cancel')}
                >
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('templates.editor.delete')} />
                </Popconfirm>
              </span>
            ),
          },
        ]}
      />

      <Drawer
        open={editing !== null}
        size={520}
        title={editing?.id !== undefined ? t('templates.signatures.edit') : t('templates.signatures.new')}
        onClose={() => setEditing(null)}
        destroyOnHidden
        extra={current && <StatusChip status={current.status} testId="signature-status" />}
        footer={
          <Space style={{ justifyContent: 'flex-end', width: '100%' }}>
            <Button onClick={() => void save()} loading={busy === 'save'} disabled={!editable} data-testid="save-signature">
              {t('templates.signatures.saveDraft')}
            </Button>
            <Button
              type="primary"
              icon={<SendOutlined />}
              onClick={() => void submit()}
              loading={busy === 'submit'}
              disabled={!editable || !lint?.ok || !editing?.remark.trim()}
              data-testid="submit-signature"
            >
              {submitLabel}
            </Button>
          </Space>
        }
      >
        {editing && lint && (
          <>
            {current?.status === 'rejected' && (
              <Alert type="error" showIcon title={t('templates.banner.rejected')} description={current.reason} style={{ marginBottom: 16 }} />
            )}
            {current?.status === 'pending' && <Alert type="info" showIcon title={t('templates.signatures.pendingHelp')} style={{ marginBottom: 16 }} />}
            {current?.lastError && current.status !== 'rejected' && <Alert type="warning" showIcon title={current.lastError} style={{ marginBottom: 16 }} />}
            <Form layout="vertical" disabled={!editable} requiredMark={false}>
              <Form.Item
                label={t('templates.signatures.name')}
                extra={current?.nameLocked ? t('templates.signatures.nameLocked') : t('templates.signatures.nameHelp')}
              >
                <Input
                  value={editing.name}
                  disabled={!editable || current?.nameLocked}
                  maxLength={20}
                  onChange={(e) => setEditing({ ...editing, name: e.target.value })}
                  placeholder={t('templates.signatures.namePlaceholder')}
                  data-testid="signature-name"
                />
              </Form.Item>
              <LintPanel findings={lint.findings} />
              <Form.Item label={t('templates.signatures.source')} style={{ marginTop: 16 }}>
                <Select
                  value={editing.source}
                  onChange={(source: SignSource) => setEditing({ ...editing, source })}
                  options={SIGN_SOURCES.map((s) => ({ value: s.code, label: sourceLabel(s.code) }))}
                  data-testid="signature-source"
                />
              </Form.Item>
              <Form.Item label={t('templates.signatures.remark')} extra={t('templates.signatures.remarkHelp')}>
                <Input.TextArea
                  value={editing.remark}
                  maxLength={500}
                  showCount
                  autoSize={{ minRows: 3 }}
                  onChange={(e) => setEditing({ ...editing, remark: e.target.value })}
                  data-testid="signature-remark"
                />
              </Form.Item>
              <Form.Item
                label={t('templates.signatures.proof')}
                extra={t('templates.signatures.proofHelp', { kb: Math.round(PROOF_FILE_LIMITS.maxBytes / 1024), count: PROOF_FILE_LIMITS.maxFiles })}
              >
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {(current?.files ?? []).map((f) => (
                    <div key={f.id} style={{ display: 'flex', justifyContent: 'space-between' }}>
                      <span>
                        <PaperClipOutlined /> {f.fileName} <span className="jst-muted">({Math.ceil(f.size / 1024)} KB)</span>
                      </span>
                      <Button
                        type="link"
                        size="small"
                        danger
                        disabled={!editable}
                        onClick={() =>
                          void api
                            .call('signatures.removeFile', { signatureId: current!.id, fileId: f.id })
                            .catch((e: unknown) => message.error(errorText(t, e)))
                        }
                      >
                        {t('templates.editor.delete')}
                      </Button>
                    </div>
                  ))}
                  <Upload
                    accept={ACCEPT}
                    showUploadList={false}
                    beforeUpload={(file) => (void upload(file), false)}
                    disabled={!editable || (current?.files.length ?? 0) >= PROOF_FILE_LIMITS.maxFiles}
                  >
                    <Button icon={<UploadOutlined />} loading={busy === 'upload'} data-testid="signature-upload">
                      {t('templates.signatures.addProof')}
                    </Button>
                  </Upload>
                </Space>
              </Form.Item>
            </Form>
          </>
        )}
      </Drawer>

      <Modal
        open={importOpen}
        title={t('templates.signatures.import')}
        okText={t('templates.import.ok')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !importName.trim() }}
        onOk={() => void runImport()}
        onCancel={() => setImportOpen(false)}
        destroyOnHidden
      >
        <Input value={importName} onChange={(e) => setImportName(e.target.value.trim())} placeholder={t('templates.signatures.namePlaceholder')} autoFocus />
      </Modal>
    </div>
  );
}
