import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Dropdown, Form, Input, Radio, Row, Select, Tag } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { measureSms, TEMPLATE_TYPES, type TemplateType, type TemplateTypeClass } from '../../../../../shared/sms';
import { COMMON_VARIABLES, UNSUBSCRIBE_TEXT, withOptOut, type DraftForm } from './draft';

type Measure = ReturnType<typeof measureSms>;
export type Selection = { start: number; end: number };

interface ContentFormProps {
  form: DraftForm;
  editable: boolean;
  typeLocked: boolean;
  update(patch: Partial<DraftForm>): void;
  textArea: RefObject<TextAreaRef | null>;
  selection: RefObject<Selection>;
  variableLabel(name: string): string;
  onInsert(text: string): void;
  onCustomVariable(): void;
  /** Exact length when every value and the signature are known, else null. */
  length: Measure | null;
  range: { min: Measure; max: Measure };
}

/** Name, type, class, content (with the variable tools and the SMS counter) and remark. */
export function ContentForm({
  form,
  editable,
  typeLocked,
  update,
  textArea,
  selection,
  variableLabel,
  onInsert,
  onCustomVariable,
  length,
  range,
}: ContentFormProps) {
  const { t } = useTranslation();
  const segments = range.min.segments === range.max.segments ? String(range.min.segments) : `${range.min.segments}–${range.max.segments}`;
  return (
    <Card>
      <Form layout="vertical" disabled={!editable} requiredMark={false}>
        <Row gutter={16}>
          <Col span={24}>
            <Form.Item label={t('templates.editor.name')} extra={t('templates.editor.nameHelp')}>
              <Input
                value={form.name}
                maxLength={30}
                showCount
                onChange={(e) => update({ name: e.target.value })}
                placeholder={t('templates.editor.namePlaceholder')}
                data-testid="template-name"
              />
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
              <Radio.Group
                value={form.typeClass}
                disabled={!editable || typeLocked}
                onChange={(e) => update({ typeClass: e.target.value as TemplateTypeClass })}
                optionType="button"
              >
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
                onClick: ({ key }) => (key === '__custom' ? onCustomVariable() : onInsert(`\${${key}}`)),
              }}
            >
              <Button size="small" data-testid="insert-variable">
                {t('templates.variables.insert')} <DownOutlined />
              </Button>
            </Dropdown>
            {form.type === 2 && (
              <Button
                size="small"
                disabled={!editable || form.content.includes(UNSUBSCRIBE_TEXT)}
                onClick={() => update({ content: withOptOut(form.content) })}
                data-testid="insert-unsubscribe"
              >
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
                <Counter n="exact" values={{ chars: length.totalChars, segments: length.segments }} />
              ) : (
                // An estimate whose ends meet is one number ("预计 7 字", not "预计 7–7 字").
                <Counter
                  n={range.min.totalChars === range.max.totalChars ? 'estimate' : 'range'}
                  values={{ min: range.min.totalChars, max: range.max.totalChars, segments }}
                />
              )}
            </span>
            <span>
              {length && !length.overMax ? t('templates.counter.left', { n: length.charsLeftInSegment }) : null}
              {!form.previewSignName && <Tag style={{ marginInlineStart: 8 }}>{t('templates.counter.noSignature')}</Tag>}
            </span>
          </div>
        </Form.Item>

        <Form.Item label={t('templates.editor.remark')} extra={t('templates.editor.remarkHelp')} style={{ marginTop: 16 }}>
          <Input.TextArea
            value={form.remark}
            maxLength={500}
            showCount
            autoSize={{ minRows: 2, maxRows: 5 }}
            onChange={(e) => update({ remark: e.target.value })}
            placeholder={t('templates.editor.remarkPlaceholder')}
            data-testid="template-remark"
          />
        </Form.Item>
      </Form>
    </Card>
  );
}

function Counter({ n, values }: { n: 'exact' | 'range' | 'estimate'; values: Record<string, number | string> }) {
  const { t } = useTranslation();
  const text = t(`templates.counter.${n}`, values);
  // Numbers in bold without HTML in the translation.
  return <>{text.split(/(\d+)/).map((part, i) => (/^\d+$/.test(part) ? <strong key={i}>{part}</strong> : <span key={i}>{part}</span>))}</>;
}
