import { Alert, Button, Card, Col, Form, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { extractVariables } from '../../../../shared/sms';
import type { RecipientMapping, SourceInspection } from '../../../../shared/recipients/contract';
import type { TemplateView } from '../../../../shared/templates/contract';

/** "Use a constant" in the variable selects (column indexes are ≥ 0). */
const CONSTANT = -1;
const PREVIEW_COL_WIDTH = 150;
const PREVIEW_HEIGHT = 300;

export interface MappingFormProps {
  inspection: SourceInspection;
  fileName: string | null;
  templates: TemplateView[];
  templateId: number | null;
  previous: RecipientMapping | null;
  busy: boolean;
  onTemplate(id: number): void;
  onReinspect(options: { hasHeader: boolean; sheet: string | null }): void;
  onImport(mapping: RecipientMapping): void;
  onBack(): void;
}

/** Which column is the phone, which columns fill which ${var}; a header equal to a variable maps itself. */
export function MappingForm({ inspection, fileName, templates, templateId, previous, busy, onTemplate, onReinspect, onImport, onBack }: MappingFormProps) {
  const { t, i18n } = useTranslation();
  const template = templates.find((x) => x.id === templateId) ?? null;
  const variables = useMemo(() => (template ? extractVariables(template.content) : []), [template]);
  const [phoneChoice, setPhoneChoice] = useState<number | null>(null);
  const [varChoice, setVarChoice] = useState<Record<string, number>>({});

  const columnExists = (index: number | undefined) => index !== undefined && inspection.columns.some((c) => c.index === index);
  const phoneColumn = phoneChoice ?? inspection.phoneColumn ?? previous?.phoneColumn ?? null;
  const defaultColumn = (name: string): number => {
    const header = inspection.columns.find((c) => c.header.trim() === name);
    const candidates = [inspection.suggestedVariables[name], header?.index, previous?.variableColumns[name]];
    return candidates.find((c) => columnExists(c)) ?? CONSTANT;
  };
  const columnFor = (name: string) => varChoice[name] ?? defaultColumn(name);

  const columnOptions = inspection.columns.map((c) => ({ value: c.index, label: `${c.header}${c.samples[0] ? ` · ${c.samples[0]}` : ''}` }));
  const submit = () => {
    if (phoneColumn === null) return;
    const variableColumns: Record<string, number> = {};
    for (const name of variables) if (columnFor(name) !== CONSTANT) variableColumns[name] = columnFor(name);
    onImport({ hasHeader: inspection.hasHeader, phoneColumn, variableColumns });
  };

  return (
    <div data-testid="mapping-form">
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('sending.recipients.mappingTitle')} style={{ marginBottom: 16 }}>
            <Space size={6} wrap style={{ marginBottom: 12 }}>
              <Tag>{fileName ?? t('sending.recipients.sourcePaste')}</Tag>
              {/* A paste is already named by the tag before; files show their format (CSV, TXT, XLSX). */}
              {inspection.format !== 'paste' && <Tag color="blue">{inspection.format.toUpperCase()}</Tag>}
              {inspection.encoding && <Tag data-testid="source-encoding">{inspection.encoding}</Tag>}
              <Typography.Text type="secondary">{t('sending.recipients.rowsEstimate', { count: inspection.rowsEstimate })}</Typography.Text>
            </Space>
            {inspection.encodingWarning && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="encoding-warning"
                title={t(inspection.encodingWarning.kind === 'mixed' ? 'sending.recipients.encodingMixed' : 'sending.recipients.encodingInvalid', {
                  lines: inspection.encodingWarning.lines.join(i18n.language === 'en' ? ', ' : '、'),
                  more: inspection.encodingWarning.count > inspection.encodingWarning.lines.length ? t('sending.recipients.encodingMore') : '',
                  count: inspection.encodingWarning.count,
                  encoding: inspection.encoding?.toUpperCase() ?? '',
                })}
              />
            )}
            <Form layout="vertical" requiredMark={false}>
              {inspection.sheets.length > 1 && (
                <Form.Item label={t('sending.recipients.sheet')}>
                  <Select
                    value={inspection.sheet}
                    options={inspection.sheets.map((s) => ({ value: s, label: s }))}
                    onChange={(sheet) => onReinspect({ hasHeader: inspection.hasHeader, sheet })}
                    data-testid="sheet-select"
                  />
                </Form.Item>
              )}
              <Form.Item>
                <Space>
                  <Switch
                    checked={inspection.hasHeader}
                    loading={busy}
                    onChange={(hasHeader) => onReinspect({ hasHeader, sheet: inspection.sheet })}
                    data-testid="has-header"
                  />
                  <span>{t('sending.recipients.hasHeader')}</span>
                </Space>
              </Form.Item>
              <Form.Item
                label={t('sending.recipients.phoneColumn')}
                validateStatus={phoneColumn === null ? 'error' : undefined}
                help={phoneColumn === null ? t('sending.recipients.phoneRequired') : undefined}
              >
                <Select value={phoneColumn ?? undefined} options={columnOptions} onChange={setPhoneChoice} data-testid="phone-column" />
              </Form.Item>
              <Form.Item label={t('sending.recipients.template')} extra={t('sending.recipients.templateHelp')}>
                <Select
                  value={templateId ?? undefined}
                  placeholder={t('sending.recipients.templatePlaceholder')}
                  options={templates.map((x) => ({ value: x.id, label: `${x.name} · ${x.platformCode ?? ''}` }))}
                  onChange={onTemplate}
                  notFoundContent={t('sending.recipients.noApproved')}
                  data-testid="mapping-template"
                />
              </Form.Item>
              {template && (
                <Form.Item label={t('sending.recipients.variables')}>
                  {variables.length === 0 ? (
                    <Typography.Text type="secondary">{t('sending.recipients.noVariables')}</Typography.Text>
                  ) : (
                    <div className="jst-var-row">
                      {variables.map((name) => (
                        <MappingRow
                          key={name}
                          name={name}
                          value={columnFor(name)}
                          options={columnOptions}
                          onChange={(v) => setVarChoice((c) => ({ ...c, [name]: v }))}
                        />
                      ))}
                    </div>
                  )}
                </Form.Item>
              )}
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={t('sending.recipients.previewRows', { count: inspection.preview.length, total: inspection.rowsEstimate })}
            style={{ marginBottom: 16 }}
          >
            {inspection.columns.length === 0 ? (
              <Alert type="warning" showIcon title={t('sending.recipients.noColumns')} />
            ) : (
              <Table<{ key: number; cells: string[] }>
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={inspection.preview.map((cells, key) => ({ key, cells }))}
                scroll={{ x: inspection.columns.length * PREVIEW_COL_WIDTH, y: PREVIEW_HEIGHT }}
                data-testid="mapping-preview"
                columns={inspection.columns.map((c) => ({
                  key: c.index,
                  width: PREVIEW_COL_WIDTH,
                  ellipsis: true,
                  className: c.index === phoneColumn ? 'jst-col-phone' : undefined,
                  title: (
                    <span>
                      {c.header}
                      {c.index === phoneColumn && (
                        <Tag color="orange" style={{ marginInlineStart: 6 }}>
                          {t('sending.recipients.phoneTag')}
                        </Tag>
                      )}
                    </span>
                  ),
                  render: (_: unknown, row: { cells: string[] }) => row.cells[c.index] ?? '',
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      <div className="jst-step-footer">
        <Button onClick={onBack}>{t('sending.recipients.changeSource')}</Button>
        <Button
          type="primary"
          onClick={submit}
          disabled={phoneColumn === null || (!template && inspection.columns.length > 1)}
          loading={busy}
          data-testid="import-recipients"
        >
          {t('sending.recipients.import')}
        </Button>
      </div>
    </div>
  );
}

function MappingRow({
  name,
  value,
  options,
  onChange,
}: {
  name: string;
  value: number;
  options: Array<{ value: number; label: string }>;
  onChange(v: number): void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Tag className="jst-var-name">{`\${${name}}`}</Tag>
      <Select
        value={value}
        onChange={onChange}
        options={[{ value: CONSTANT, label: t('sending.recipients.useConstant') }, ...options]}
        data-testid={`map-var-${name}`}
        popupMatchSelectWidth={false}
      />
    </>
  );
}
