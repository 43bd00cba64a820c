import { App, Card, Col, Row, Select, Space, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SMS_RULES_CONFIG, findingsForStage, lintTemplate, measureSms, renderTemplate, type Finding } from '../../../../shared/sms';
import type { ShortLinkView, SignatureView } from '../../../../shared/templates/contract';
import { errorText, useApi } from '../../context';
import { ContentForm, type Selection } from './editor/ContentForm';
import { CustomVariableModal } from './editor/CustomVariableModal';
import { EditorBar, type EditorBusy } from './editor/EditorBar';
import { StateBanner } from './editor/StateBanner';
import { useDraft } from './editor/useDraft';
import { VariablesCard } from './editor/VariablesCard';
import { formatTime, useLang } from '../../format';
import { LintPanel } from './LintPanel';
import { PhonePreview } from './PhonePreview';

export interface TemplateEditorProps {
  /** null = a new template (created on the first autosave). */
  id: number | null;
  signatures: SignatureView[];
  shortLinks: ShortLinkView[];
  onBack(): void;
  onOpen(id: number): void;
  /** The page suppresses its "sent" notice for a submit the seller is watching. */
  submitting: Set<string>;
}

export function TemplateEditor({ id, signatures, shortLinks, onBack, onOpen, submitting }: TemplateEditorProps) {
  const api = useApi();
  const { t } = useTranslation();
  const lang = useLang();
  const { message, notification } = App.useApp();
  const { view, form, saveState, savedAt, idRef, update, saveNow, replace, cancelAutosave } = useDraft(id, signatures, onBack);
  const [busy, setBusy] = useState<EditorBusy>(null);
  const [customOpen, setCustomOpen] = useState(false);
  const textArea = useRef<TextAreaRef>(null);
  const selection = useRef<Selection>({ start: 0, end: 0 });

  // The banner below the bar says it already: an app-wide rejection notice for this template would only cover the bar.
  const rejectedHere = view?.status === 'rejected' ? view.id : null;
  useEffect(() => {
    if (rejectedHere !== null) notification.destroy(`template-${rejectedHere}`);
  }, [notification, rejectedHere]);

  const report = useMemo(
    () =>
      form
        ? lintTemplate({
            content: form.content,
            type: form.type,
            typeClass: form.typeClass,
            name: form.name,
            remark: form.remark,
            signName: form.previewSignName || undefined,
          })
        : null,
    [form],
  );

  if (!form || !report) return <Card loading />;

  const editable = view ? view.editable : true;
  // A template the platform holds (imported, in review, approved) is not a draft: no submission-form errors.
  const findings = findingsForStage(report.findings, editable ? 'draft' : 'on-platform');
  const rendered = renderTemplate(form.content, form.sampleValues, { mask: true });
  // Exact only when every value and the signature are known; otherwise shared/sms's estimate (assumed lengths).
  const exact = rendered.missing.length === 0 && form.content.trim() !== '' && form.previewSignName !== '';
  const length = exact ? measureSms(form.previewSignName, rendered.text, { type: form.type }) : null;
  const { minChars, maxChars } = DEFAULT_SMS_RULES_CONFIG.signature;
  const range =
    rendered.missing.length === 0 && form.content.trim() !== ''
      ? {
          min: measureSms('字'.repeat(minChars), rendered.text, { type: form.type }),
          max: measureSms('字'.repeat(maxChars), rendered.text, { type: form.type }),
        }
      : report.length;
  const submitBlocked = !editable || !report.ok || form.typeClass === 'DIGITAL' || saveState === 'error';
  const submitHint =
    form.typeClass === 'DIGITAL'
      ? t('templates.editor.digitalHint')
      : !report.ok
        ? t('templates.editor.fixErrors', { count: report.findings.filter((f) => f.severity === 'error').length })
        : undefined;

  const insertAtCursor = (text: string) => {
    const { start, end } = selection.current;
    const content = form.content;
    const at = Math.min(start, content.length);
    update({ content: content.slice(0, at) + text + content.slice(Math.min(end, content.length)) });
    const caret = at + text.length;
    selection.current = { start: caret, end: caret };
    requestAnimationFrame(() => {
      const el = textArea.current?.resizableTextArea?.textArea;
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  };

  const pickFinding = (finding: Finding) => {
    if (!finding.range || (finding.field ?? 'content') !== 'content') return;
    const el = textArea.current?.resizableTextArea?.textArea;
    el?.focus();
    el?.setSelectionRange(finding.range.start, finding.range.end);
  };

  /** Runs one editor action with its busy flag; errors become one toast. */
  const act = async (kind: Exclude<EditorBusy, null>, action: () => Promise<void>) => {
    setBusy(kind);
    try {
      await action();
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    await saveNow();
    const currentId = idRef.current;
    if (currentId === null) return;
    submitting.add(`template-${currentId}`);
    await act('submit', async () => {
      const result = await api.call('templates.submit', { id: currentId });
      replace(result);
      if (result.status === 'pending') void message.success(t('templates.editor.submitted'));
      else if (result.status === 'queued') void message.warning(t('templates.editor.queued'));
      else if (result.status === 'unknown') void message.warning(t('templates.editor.unknown'));
    });
    submitting.delete(`template-${currentId}`);
  };

  const remove = () =>
    idRef.current === null
      ? onBack()
      : void act('delete', async () => {
          cancelAutosave();
          await api.call('templates.delete', { id: idRef.current! });
          void message.success(t('templates.list.deleted'));
          onBack();
        });

  const duplicate = () =>
    void act('duplicate', async () => {
      if (idRef.current === null) return;
      await saveNow();
      const copy = await api.call('templates.duplicate', { id: idRef.current });
      void message.success(t('templates.list.duplicated'));
      onOpen(copy.id);
    });

  const reconcile = async (resolution: { code?: string; resubmit?: boolean }) => {
    const currentId = idRef.current;
    if (currentId === null) return;
    submitting.add(`template-${currentId}`);
    await act('reconcile', async () => {
      replace(await api.call('templates.reconcile', { id: currentId, ...resolution }), true);
      void message.success(t('templates.reconcile.done'));
    });
    submitting.delete(`template-${currentId}`);
  };

  const cancelQueued = async () => {
    if (!view?.pendingOp) return;
    try {
      const result = await api.call('templates.outbox.cancel', { id: view.pendingOp.id });
      void message.info(t('templates.outbox.cancelled', { name: result.label }));
    } catch (error) {
      void message.error(errorText(t, error));
    }
  };

  const variableLabel = (name: string) => t(`templates.variables.known.${name}`, { defaultValue: '' }) || t('templates.variables.custom');
  const signatureOptions = signatures.map((s) => ({
    value: s.name,
    label: (
      <Space size={6}>
        <span>【{s.name}】</span>
        {s.status !== 'approved' && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`templates.status.${s.status}`)}
          </Typography.Text>
        )}
      </Space>
    ),
  }));

  return (
    <div data-testid="template-editor">
      <EditorBar
        title={form.name.trim() || t('templates.editor.untitled')}
        view={view}
        editable={editable}
        saveState={saveState}
        savedAt={savedAt}
        busy={busy}
        canDuplicate={idRef.current !== null}
        submitBlocked={submitBlocked}
        submitHint={submitHint}
        onBack={onBack}
        onDuplicate={duplicate}
        onDelete={remove}
        onSubmit={() => void submit()}
      />
      <StateBanner view={view} onCancelQueued={() => void cancelQueued()} onReconcile={(r) => void reconcile(r)} busy={busy === 'reconcile'} />

      <Row gutter={[24, 24]}>
        <Col xs={24} xl={14}>
          <ContentForm
            form={form}
            editable={editable}
            typeLocked={view?.typeLocked ?? false}
            update={update}
            textArea={textArea}
            selection={selection}
            variableLabel={variableLabel}
            onInsert={insertAtCursor}
            onCustomVariable={() => setCustomOpen(true)}
            length={length}
            range={range}
          />
          <VariablesCard
            names={report.variables.names}
            values={form.sampleValues}
            shortLinks={shortLinks}
            variableLabel={variableLabel}
            onChange={(sampleValues) => update({ sampleValues })}
          />
        </Col>

        <Col xs={24} xl={10}>
          <Card>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('templates.preview.signature')}
                </Typography.Text>
                <Select
                  value={form.previewSignName || undefined}
                  onChange={(v: string | undefined) => update({ previewSignName: v ?? '' })}
                  options={signatureOptions}
                  allowClear
                  placeholder={t('templates.preview.pickSignature')}
                  style={{ width: '100%', marginTop: 4 }}
                  notFoundContent={t('templates.preview.noSignatures')}
                  data-testid="preview-signature"
                />
              </div>
              <PhonePreview signName={form.previewSignName} content={form.content} sampleValues={form.sampleValues} />
              <LintPanel findings={findings} onPick={pickFinding} />
            </Space>
          </Card>
          {view?.lastSubmitted && view.lastSubmitted.content !== form.content && (
            <Card
              size="small"
              title={t('templates.editor.lastSubmitted', { time: formatTime(view.lastSubmitted.submittedAt, lang) })}
              style={{ marginTop: 16 }}
              data-testid="last-submitted"
            >
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} type="secondary">
                {view.lastSubmitted.content}
              </Typography.Paragraph>
            </Card>
          )}
        </Col>
      </Row>

      <CustomVariableModal
        open={customOpen}
        onClose={() => setCustomOpen(false)}
        onInsert={(name) => {
          insertAtCursor(`\${${name}}`);
          setCustomOpen(false);
        }}
      />
    </div>
  );
}
