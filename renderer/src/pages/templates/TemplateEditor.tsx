import { ArrowLeftOutlined, CheckOutlined, CopyOutlined, DeleteOutlined, DownOutlined, LoadingOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Card, Col, Dropdown, Form, Input, Modal, Popconfirm, Radio, Row, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_SMS_RULES_CONFIG,
  describeMask,
  lintTemplate,
  measureSms,
  privacyRuleFor,
  renderTemplate,
  TEMPLATE_TYPES,
  type Finding,
  type TemplateType,
  type TemplateTypeClass,
} from '../../../../shared/sms';
import type { ShortLinkView, SignatureView, TemplateView } from '../../../../shared/templates';
import { errorText, useApi, useEvent } from '../../context';
import { formatClock, formatTime, useLang } from './format';
import { LintPanel } from './LintPanel';
import { PhonePreview } from './PhonePreview';
import { StatusChip } from './StatusChip';

/** The fields the seller edits (autosaved as a draft). */
type DraftForm = Pick<TemplateView, 'name' | 'type' | 'typeClass' | 'content' | 'remark' | 'sampleValues' | 'previewSignName'>;

type SaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'error';

const AUTOSAVE_MS = 800;
const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Variables sellers use most (names match shared/sms privacy and length rules). */
const COMMON_VARIABLES = ['buyerNick', 'receiverName', 'tid', 'outSid', 'company', 'url', 'code'] as const;
const UNSUBSCRIBE_TEXT = '回T退订';

/** Appends the opt-out text at the end (lint wants it last), after a comma unless the text already ends a clause. */
function withOptOut(content: string): string {
  const trimmed = content.replace(/\s+$/, '');
  return trimmed === '' || /[，。！？,.!?；;]$/.test(trimmed) ? trimmed + UNSUBSCRIBE_TEXT : `${trimmed}，${UNSUBSCRIBE_TEXT}`;
}

function formOf(view: TemplateView): DraftForm {
  return {
    name: view.name,
    type: view.type,
    typeClass: view.typeClass,
    content: view.content,
    remark: view.remark,
    sampleValues: view.sampleValues,
    previewSignName: view.previewSignName,
  };
}

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
  const { message } = App.useApp();
  const [view, setView] = useState<TemplateView | null>(null);
  const [form, setForm] = useState<DraftForm | null>(null);
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [savedAt, setSavedAt] = useState<string>();
  const [busy, setBusy] = useState<'submit' | 'delete' | 'duplicate' | 'reconcile' | null>(null);
  const [customOpen, setCustomOpen] = useState(false);
  const [customName, setCustomName] = useState('');
  const [reconcileCode, setReconcileCode] = useState('');

  const idRef = useRef<number | null>(id);
  const formRef = useRef<DraftForm | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const textArea = useRef<TextAreaRef>(null);
  const selection = useRef({ start: 0, end: 0 });

  // Load, or start a new draft with the first approved signature in the preview.
  useEffect(() => {
    if (id === null) {
      const approved = signatures.find((s) => s.status === 'approved') ?? signatures[0];
      const empty: DraftForm = { name: '', type: 1, typeClass: 'NORMAL', content: '', remark: '', sampleValues: {}, previewSignName: approved?.name ?? '' };
      formRef.current = empty;
      setForm(empty);
      return;
    }
    let alive = true;
    void api
      .call('templates.get', { id })
      .then((loaded) => {
        if (!alive) return;
        setView(loaded);
        formRef.current = formOf(loaded);
        setForm(formOf(loaded));
        setSavedAt(loaded.updatedAt);
        setSaveState('saved');
      })
      .catch((error: unknown) => {
        void message.error(errorText(t, error));
        onBack();
      });
    return () => {
      alive = false;
    };
    // Only on open: later changes arrive through events and saves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  /** Serialised so the first autosave of a new template creates exactly one draft. */
  const saveNow = useCallback((): Promise<unknown> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const run = chain.current.then(async () => {
      const snapshot = formRef.current;
      if (!snapshot) return;
      setSaveState('saving');
      try {
        const saved = await api.call('templates.save', { id: idRef.current ?? undefined, ...snapshot });
        idRef.current = saved.id;
        setView(saved);
        setSavedAt(saved.updatedAt);
        setSaveState(formRef.current === snapshot ? 'saved' : 'dirty');
      } catch (error) {
        setSaveState('error');
        void message.error(errorText(t, error));
      }
    });
    chain.current = run.catch(() => undefined);
    return run;
  }, [api, message, t]);

  useEffect(
    () => () => {
      // Leaving the editor: write what is still pending.
      if (timer.current) void saveNow();
    },
    [saveNow],
  );

  const update = (patch: Partial<DraftForm>) => {
    const next = { ...(formRef.current as DraftForm), ...patch };
    formRef.current = next;
    setForm(next);
    setSaveState('dirty');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveNow(), AUTOSAVE_MS);
  };

  useEvent(
    'templates.changed',
    useCallback(
      (event) => {
        if (idRef.current === null) return;
        if (event.deletedId === idRef.current) {
          onBack();
          return;
        }
        if (event.template?.id !== idRef.current || event.cause === 'edited') return;
        setView(event.template);
        // Platform-side changes (import, reconcile) may change the text; never clobber unsaved typing.
        if (!timer.current) {
          formRef.current = formOf(event.template);
          setForm(formOf(event.template));
        }
      },
      [onBack],
    ),
  );

  const report = useMemo(
    () => (form ? lintTemplate({ content: form.content, type: form.type, typeClass: form.typeClass, name: form.name, remark: form.remark, signName: form.previewSignName || undefined }) : null),
    [form],
  );

  if (!form || !report) return <Card loading />;

  const editable = view ? view.editable : true;
  const typeLocked = view?.typeLocked ?? false;
  const rendered = renderTemplate(form.content, form.sampleValues, { mask: true });
  // Exact only when every value and the signature are known; otherwise shared/sms's estimate (assumed lengths).
  const exact = rendered.missing.length === 0 && form.content.trim() !== '' && form.previewSignName !== '';
  const length = exact ? measureSms(form.previewSignName, rendered.text, { type: form.type }) : null;
  const { minChars, maxChars } = DEFAULT_SMS_RULES_CONFIG.signature;
  const range =
    rendered.missing.length === 0 && form.content.trim() !== ''
      ? { min: measureSms('字'.repeat(minChars), rendered.text, { type: form.type }), max: measureSms('字'.repeat(maxChars), rendered.text, { type: form.type }) }
      : report.length;
  const segments = range.min.segments === range.max.segments ? String(range.min.segments) : `${range.min.segments}–${range.max.segments}`;
  const submitBlocked = !editable || !report.ok || form.typeClass === 'DIGITAL' || saveState === 'error';

  const insertAtCursor = (text: string) => {
    const { start, end } = selection.current;
    const content = form.content;
    const at = Math.min(start, content.length);
    const next = content.slice(0, at) + text + content.slice(Math.min(end, content.length));
    update({ content: next });
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

  const submit = async () => {
    await saveNow();
    const currentId = idRef.current;
    if (currentId === null) return;
    setBusy('submit');
    submitting.add(`template-${currentId}`);
    try {
      const result = await api.call('templates.submit', { id: currentId });
      setView(result);
      if (result.status === 'pending') void message.success(t('templates.editor.submitted'));
      else if (result.status === 'queued') void message.warning(t('templates.editor.queued'));
      else if (result.status === 'unknown') void message.warning(t('templates.editor.unknown'));
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      submitting.delete(`template-${currentId}`);
      setBusy(null);
    }
  };

  const remove = async () => {
    if (idRef.current === null) return onBack();
    setBusy('delete');
    try {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      await api.call('templates.delete', { id: idRef.current });
      void message.success(t('templates.list.deleted'));
      onBack();
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setBusy(null);
    }
  };

  const duplicate = async () => {
    if (idRef.current === null) return;
    setBusy('duplicate');
    try {
      await saveNow();
      const copy = await api.call('templates.duplicate', { id: idRef.current });
      void message.success(t('templates.list.duplicated'));
      onOpen(copy.id);
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setBusy(null);
    }
  };

  const reconcile = async (resolution: { code?: string; resubmit?: boolean }) => {
    if (idRef.current === null) return;
    setBusy('reconcile');
    submitting.add(`template-${idRef.current}`);
    try {
      const result = await api.call('templates.reconcile', { id: idRef.current, ...resolution });
      setView(result);
      formRef.current = formOf(result);
      setForm(formOf(result));
      void message.success(t('templates.reconcile.done'));
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      if (idRef.current !== null) submitting.delete(`template-${idRef.current}`);
      setBusy(null);
    }
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

  const variableLabel = (name: string) => (t(`templates.variables.known.${name}`, { defaultValue: '' }) as string) || t('templates.variables.custom');
  const signatureOptions = signatures.map((s) => ({
    value: s.name,
    label: (
      <Space size={6}>
        <span>【{s.name}】</span>
        {s.status !== 'approved' && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t(`templates.status.${s.status}`)}</Typography.Text>}
      </Space>
    ),
  }));
  const liveLinks = shortLinks.filter((l) => l.expiry !== 'expired').map((l) => ({ value: l.shortUrl, label: `${l.shortUrl} · ${l.tag}` }));

  const saveIndicator = {
    idle: <span className="jst-muted">{t('templates.editor.notSaved')}</span>,
    dirty: <span className="jst-muted">{t('templates.editor.unsaved')}</span>,
    saving: (
      <span className="jst-muted">
        <LoadingOutlined /> {t('templates.editor.saving')}
      </span>
    ),
    saved: (
      <span className="jst-muted" style={{ color: '#389e0d' }}>
        <CheckOutlined /> {t('templates.editor.saved', { time: formatClock(savedAt, lang) })}
      </span>
    ),
    error: <span style={{ color: '#cf1322', fontSize: 12 }}>{t('templates.editor.saveFailed')}</span>,
  }[saveState];

  const submitLabel = view?.platformCode ? t('templates.editor.resubmit') : t('templates.editor.submit');
  const submitHint =
    form.typeClass === 'DIGITAL'
      ? t('templates.editor.digitalHint')
      : !report.ok
        ? t('templates.editor.fixErrors', { count: report.findings.filter((f) => f.severity === 'error').length })
        : undefined;

  return (
    <div data-testid="template-editor">
      <div className="jst-editor-bar">
        <Space size={12} wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="back-to-list">
            {t('templates.editor.back')}
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {form.name.trim() || t('templates.editor.untitled')}
          </Typography.Title>
          <StatusChip status={view?.status ?? 'draft'} testId="template-status" />
          {view?.platformCode && (
            <Typography.Text copyable={{ text: view.platformCode }} code data-testid="template-code">
              {view.platformCode}
            </Typography.Text>
          )}
        </Space>
        <Space size={12} wrap>
          {editable && (
            <span data-testid="save-indicator" data-state={saveState}>
              {saveIndicator}
            </span>
          )}
          <Button icon={<CopyOutlined />} onClick={() => void duplicate()} disabled={idRef.current === null} loading={busy === 'duplicate'} data-testid="duplicate-template">
            {t('templates.editor.duplicate')}
          </Button>
          <Popconfirm
            title={view?.platformCode ? t('templates.list.deleteRemoteConfirm') : t('templates.list.deleteConfirm')}
            onConfirm={() => void remove()}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
          >
            <Button danger icon={<DeleteOutlined />} loading={busy === 'delete'} data-testid="delete-template">
              {t('templates.editor.delete')}
            </Button>
          </Popconfirm>
          {editable && (
            <Tooltip title={submitHint}>
              <Button type="primary" icon={<SendOutlined />} onClick={() => void submit()} disabled={submitBlocked} loading={busy === 'submit'} data-testid="submit-template">
                {submitLabel}
              </Button>
            </Tooltip>
          )}
        </Space>
      </div>

      <StateBanner
        view={view}
        onCancelQueued={() => void cancelQueued()}
        reconcileCode={reconcileCode}
        setReconcileCode={setReconcileCode}
        onReconcile={(r) => void reconcile(r)}
        busy={busy === 'reconcile'}
      />

      <Row gutter={[24, 24]}>
        <Col xs={24} xl={14}>
          <Card>
            <Form layout="vertical" disabled={!editable} requiredMark={false}>
              <Row gutter={16}>
                <Col span={24}>
                  <Form.Item label={t('templates.editor.name')} extra={t('templates.editor.nameHelp')}>
                    <Input value={form.name} maxLength={30} showCount onChange={(e) => update({ name: e.target.value })} placeholder={t('templates.editor.namePlaceholder')} data-testid="template-name" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={14}>
                  <Form.Item label={t('templates.editor.type')} extra={typeLocked ? t('templates.editor.typeLocked') : undefined}>
                    <Select
                      value={form.type}
                      disabled={!editable || typeLocked}
                      onChange={(type: TemplateType) => update({ type })}
                      options={TEMPLATE_TYPES.map((x) => ({ value: x.code, label: t(`templates.types.${x.key}`) }))}
                      data-testid="template-type"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={10}>
                  <Form.Item label={t('templates.editor.class')}>
                    <Radio.Group value={form.typeClass} disabled={!editable || typeLocked} onChange={(e) => update({ typeClass: e.target.value as TemplateTypeClass })} optionType="button">
                      <Radio.Button value="NORMAL">{t('templates.classes.NORMAL')}</Radio.Button>
                      <Radio.Button value="DIGITAL">{t('templates.classes.DIGITAL')}</Radio.Button>
                    </Radio.Group>
                  </Form.Item>
                </Col>
              </Row>
              {form.typeClass === 'DIGITAL' && <Alert type="info" showIcon title={t('templates.editor.digitalHint')} style={{ marginBottom: 16 }} />}

              <Form.Item label={t('templates.editor.content')} style={{ marginBottom: 8 }}>
                <div className="jst-content-tools">
                  <Dropdown
                    disabled={!editable}
                    menu={{
                      items: [
                        ...COMMON_VARIABLES.map((name) => ({ key: name, label: `\${${name}} · ${variableLabel(name)}` })),
                        { type: 'divider' as const },
                        { key: '__custom', label: t('templates.variables.customInsert'), icon: <PlusOutlined /> },
                      ],
                      onClick: ({ key }) => (key === '__custom' ? setCustomOpen(true) : insertAtCursor(`\${${key}}`)),
                    }}
                  >
                    <Button size="small" data-testid="insert-variable">
                      {t('templates.variables.insert')} <DownOutlined />
                    </Button>
                  </Dropdown>
                  {form.type === 2 && (
                    <Button size="small" disabled={!editable || form.content.includes(UNSUBSCRIBE_TEXT)} onClick={() => update({ content: withOptOut(form.content) })} data-testid="insert-unsubscribe">
                      {t('templates.editor.addUnsubscribe', { text: UNSUBSCRIBE_TEXT })}
                    </Button>
                  )}
                </div>
                <Input.TextArea
                  ref={textArea}
                  value={form.content}
                  autoSize={{ minRows: 5, maxRows: 12 }}
                  placeholder={t('templates.editor.contentPlaceholder')}
                  onChange={(e) => {
                    selection.current = { start: e.target.selectionStart, end: e.target.selectionEnd };
                    update({ content: e.target.value });
                  }}
                  onSelect={(e) => {
                    const el = e.currentTarget;
                    selection.current = { start: el.selectionStart, end: el.selectionEnd };
                  }}
                  data-testid="template-content"
                />
                <div className="jst-counter" data-testid="sms-counter">
                  <span>
                    {length ? (
                      <Trans n="exact" values={{ chars: length.totalChars, segments: length.segments }} />
                    ) : (
                      <Trans n="range" values={{ min: range.min.totalChars, max: range.max.totalChars, segments }} />
                    )}
                  </span>
                  <span>
                    {length && !length.overMax ? t('templates.counter.left', { n: length.charsLeftInSegment }) : null}
                    {!form.previewSignName && <Tag style={{ marginInlineStart: 8 }}>{t('templates.counter.noSignature')}</Tag>}
                  </span>
                </div>
              </Form.Item>

              <Form.Item label={t('templates.editor.remark')} extra={t('templates.editor.remarkHelp')} style={{ marginTop: 16 }}>
                <Input.TextArea value={form.remark} maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 5 }} onChange={(e) => update({ remark: e.target.value })} placeholder={t('templates.editor.remarkPlaceholder')} data-testid="template-remark" />
              </Form.Item>
            </Form>
          </Card>

          <Card title={t('templates.variables.title')} style={{ marginTop: 16 }} data-testid="variable-list">
            {report.variables.names.length === 0 ? (
              <Typography.Text type="secondary">{t('templates.variables.none')}</Typography.Text>
            ) : (
              <div className="jst-var-row">
                {report.variables.names.map((name) => {
                  const rule = privacyRuleFor(name);
                  const mask = rule ? describeMask(rule.mask) : null;
                  const value = form.sampleValues[name] ?? '';
                  const onValue = (v: string) => update({ sampleValues: { ...form.sampleValues, [name]: v } });
                  return (
                    <VariableRow key={name} name={name} label={variableLabel(name)} hint={mask ? (lang === 'en' ? mask.en : mask.zh) : undefined}>
                      {name === 'url' ? (
                        <AutoComplete value={value} options={liveLinks} onChange={onValue} placeholder={t('templates.variables.urlPlaceholder')} style={{ width: '100%' }} data-testid={`sample-${name}`} />
                      ) : (
                        <Input value={value} onChange={(e) => onValue(e.target.value)} placeholder={t('templates.variables.samplePlaceholder')} data-testid={`sample-${name}`} />
                      )}
                    </VariableRow>
                  );
                })}
              </div>
            )}
          </Card>
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
              <LintPanel findings={report.findings} onPick={pickFinding} />
            </Space>
          </Card>
          {view?.lastSubmitted && view.lastSubmitted.content !== form.content && (
            <Card size="small" title={t('templates.editor.lastSubmitted', { time: formatTime(view.lastSubmitted.submittedAt, lang) })} style={{ marginTop: 16 }} data-testid="last-submitted">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} type="secondary">
                {view.lastSubmitted.content}
              </Typography.Paragraph>
            </Card>
          )}
        </Col>
      </Row>

      <Modal
        open={customOpen}
        title={t('templates.variables.customTitle')}
        okText={t('templates.variables.insertOk')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !VARIABLE_NAME.test(customName) }}
        onCancel={() => setCustomOpen(false)}
        onOk={() => {
          insertAtCursor(`\${${customName}}`);
          setCustomOpen(false);
          setCustomName('');
        }}
        destroyOnHidden
      >
        <Input value={customName} onChange={(e) => setCustomName(e.target.value.trim())} placeholder="orderAmount" status={customName && !VARIABLE_NAME.test(customName) ? 'error' : undefined} autoFocus data-testid="custom-variable-name" />
        <div className="jst-muted" style={{ marginTop: 8 }}>
          {t('templates.variables.customHelp')}
        </div>
      </Modal>
    </div>
  );
}

function Trans({ n, values }: { n: 'exact' | 'range'; values: Record<string, number | string> }) {
  const { t } = useTranslation();
  const text = t(`templates.counter.${n}`, values);
  // Numbers in bold without HTML in the translation.
  return (
    <>
      {text.split(/(\d+)/).map((part, i) => (/^\d+$/.test(part) ? <strong key={i}>{part}</strong> : <span key={i}>{part}</span>))}
    </>
  );
}

function VariableRow({ name, label, hint, children }: { name: string; label: string; hint?: string; children: React.ReactNode }) {
  return (
    <>
      <div>
        <Typography.Text code>{`\${${name}}`}</Typography.Text>
        <div className="jst-muted">{label}</div>
      </div>
      <div>
        {children}
        {hint && <div className="jst-muted" style={{ marginTop: 2 }}>{hint}</div>}
      </div>
    </>
  );
}

function StateBanner({
  view,
  onCancelQueued,
  reconcileCode,
  setReconcileCode,
  onReconcile,
  busy,
}: {
  view: TemplateView | null;
  onCancelQueued(): void;
  reconcileCode: string;
  setReconcileCode(v: string): void;
  onReconcile(r: { code?: string; resubmit?: boolean }): void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!view) return null;
  const style = { marginBottom: 16 };
  switch (view.status) {
    case 'rejected':
      return (
        <Alert
          type="error"
          showIcon
          style={style}
          data-testid="rejection-reason"
          title={t('templates.banner.rejected')}
          description={
            <>
              <div style={{ whiteSpace: 'pre-wrap' }}>{view.reason}</div>
              <div className="jst-muted" style={{ marginTop: 6 }}>
                {t('templates.banner.rejectedHelp')}
              </div>
            </>
          }
        />
      );
    case 'queued':
      return (
        <Alert
          type="warning"
          showIcon
          style={style}
          data-testid="queued-banner"
          title={t('templates.banner.queued')}
          description={view.lastError || undefined}
          action={
            view.pendingOp?.state === 'queued' ? (
              <Button size="small" onClick={onCancelQueued} data-testid="cancel-queued">
                {t('templates.outbox.cancel')}
              </Button>
            ) : undefined
          }
        />
      );
    case 'pending':
      return <Alert type="info" showIcon style={style} title={t('templates.banner.pending')} description={view.checkedAt ? t('templates.banner.checkedAt', { time: formatTime(view.checkedAt, lang) }) : t('templates.banner.pendingHelp')} />;
    case 'approved':
      return <Alert type="success" showIcon style={style} title={t('templates.banner.approved')} description={t('templates.banner.approvedHelp')} />;
    case 'unknown':
      return (
        <Alert
          type="warning"
          showIcon
          style={style}
          data-testid="reconcile-panel"
          title={t('templates.reconcile.title')}
          description={
            <Space orientation="vertical" style={{ width: '100%' }}>
              <span>{t('templates.reconcile.help')}</span>
              <Space.Compact style={{ maxWidth: 420 }}>
                <Input value={reconcileCode} onChange={(e) => setReconcileCode(e.target.value.trim())} placeholder="SMS_123456789" data-testid="reconcile-code" />
                <Button type="primary" disabled={!reconcileCode} loading={busy} onClick={() => onReconcile({ code: reconcileCode })} data-testid="reconcile-link">
                  {t('templates.reconcile.link')}
                </Button>
              </Space.Compact>
              <Popconfirm title={t('templates.reconcile.resubmitConfirm')} onConfirm={() => onReconcile({ resubmit: true })} okText={t('common.ok')} cancelText={t('common.cancel')}>
                <Button size="small" loading={busy} data-testid="reconcile-resubmit">
                  {t('templates.reconcile.resubmit')}
                </Button>
              </Popconfirm>
            </Space>
          }
        />
      );
    case 'draft':
      return view.lastError ? <Alert type="error" showIcon style={style} title={t('templates.banner.submitFailed')} description={view.lastError} data-testid="submit-error" /> : null;
  }
}
