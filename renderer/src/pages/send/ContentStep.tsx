import { Alert, Button, Card, Col, Form, Input, Row, Select, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SMS_RULES_CONFIG, extractVariables, TEMPLATE_TYPES } from '../../../../shared/sms';
import type { CampaignView } from '../../../../shared/sending/contract';
import type { SignatureView } from '../../../../shared/templates/contract';
import { perRecipientVariables } from '../../../../shared/sending/summary';
import { useApiQuery } from '../../query';
import { RecipientPreview } from './RecipientPreview';
import { ShortLinkField } from './ShortLinkField';
import { SignatureField } from './SignatureField';
import { useDraftUpdate } from './useDraftUpdate';
import { ownValue } from '../../../../shared/records';

const URL_VARIABLE = DEFAULT_SMS_RULES_CONFIG.links.urlVariable;

/** 内容: approved template, signature, 淘短链 for ${url}, constants for the variables no column fills; live preview. */
export function ContentStep({ campaign, onBack, onNext }: { campaign: CampaignView; onBack(): void; onNext(): void }) {
  const { t } = useTranslation();
  const templates = useApiQuery('templates.list', { status: ['approved'] });
  const signatures = useApiQuery('signatures.list');
  const shortLinks = useApiQuery('shortLinks.list', { includeExpired: false });
  const draft = useDraftUpdate(campaign.id);
  const [signName, setSignName] = useState(campaign.signName);
  // The shop's only approved signature is preselected once, when the step opens without one; the seller may change it.
  const onlySignature = soleApprovedSignature(signatures.data);
  const preselected = useRef(false);
  const { patch } = draft;
  useEffect(() => {
    if (preselected.current || signatures.data === undefined) return;
    preselected.current = true;
    if (signName !== '' || !onlySignature) return;
    setSignName(onlySignature);
    patch({ signName: onlySignature }, { now: true });
  }, [signatures.data, onlySignature, signName, patch]);
  const [constants, setConstants] = useState<Record<string, string>>(campaign.constants);
  const template = campaign.template;
  const variables = useMemo(() => (template ? extractVariables(template.content) : []), [template]);
  // A resend / single send has no mapping: its rows carry their own values (read from the first row).
  const firstRow = useApiQuery('campaigns.recipients', { id: campaign.id, page: 1, pageSize: 1 }, { enabled: campaign.mapping === null });
  const own = new Set(perRecipientVariables(campaign.mapping, firstRow.data?.items[0]?.vars));
  const needsShortLink = variables.includes(URL_VARIABLE) && !own.has(URL_VARIABLE);
  const constantVars = variables.filter((v) => !own.has(v) && v !== URL_VARIABLE);
  const shortUrl = shortLinks.data?.find((l) => l.id === campaign.shortLink?.id)?.shortUrl ?? campaign.shortLink?.url;
  const sharedValues = { ...constants, ...(needsShortLink && shortUrl ? { [URL_VARIABLE]: shortUrl } : {}) };
  const typeKey = template ? TEMPLATE_TYPES.find((x) => x.code === template.type)?.key : undefined;

  const setConstant = (name: string, value: string) => {
    const next = { ...constants, [name]: value.slice(0, 500) };
    setConstants(next);
    draft.patch({ constants: next });
  };
  const next = async () => {
    if (await draft.flush()) onNext();
  };

  return (
    <div data-testid="content-step">
      <Row gutter={16}>
        <Col xs={24} lg={12} xl={14}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Form layout="vertical" requiredMark={false}>
              <Form.Item label={t('sending.content.template')} extra={template && <span className="jst-cell-content">{template.content}</span>}>
                <Select
                  value={template?.id ?? undefined}
                  loading={templates.isLoading}
                  placeholder={t('sending.recipients.templatePlaceholder')}
                  options={(templates.data ?? []).map((x) => ({ value: x.id, label: `${x.name} · ${x.platformCode ?? ''}` }))}
                  onChange={(templateId: number) => draft.patch({ templateId }, { now: true })}
                  notFoundContent={t('sending.recipients.noApproved')}
                  data-testid="content-template"
                />
              </Form.Item>
              {typeKey && (
                <div style={{ marginTop: -8, marginBottom: 16 }}>
                  <Tag color={template?.type === 2 ? 'volcano' : 'blue'}>{t(`templates.types.${typeKey}`)}</Tag>
                </div>
              )}
              <SignatureField
                type={template?.type ?? null}
                value={signName}
                signatures={signatures.data}
                onChange={(v) => {
                  setSignName(v);
                  draft.patch({ signName: v });
                }}
              />
              {needsShortLink && (
                <ShortLinkField value={campaign.shortLink?.id ?? null} onChange={(shortLinkId) => draft.patch({ shortLinkId }, { now: true })} />
              )}
              {constantVars.length > 0 && (
                <Form.Item label={t('sending.content.constants')} extra={t('sending.content.constantsHelp')}>
                  <div className="jst-var-row">
                    {constantVars.map((name) => (
                      <ConstantRow key={name} name={name} value={ownValue(constants, name) ?? ''} onChange={(v) => setConstant(name, v)} />
                    ))}
                  </div>
                </Form.Item>
              )}
              {own.size > 0 && (
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="per-recipient-values">
                  {t(campaign.mapping ? 'sending.content.fromColumns' : 'sending.content.fromRows', {
                    names: [...own]
                      .filter((n) => variables.includes(n))
                      .map((n) => `\${${n}}`)
                      .join('、'),
                  })}
                </Typography.Paragraph>
              )}
            </Form>
          </Card>
          {!template && <Alert type="info" showIcon title={t('sending.content.pickTemplate')} />}
        </Col>
        <Col xs={24} lg={12} xl={10}>
          {template && (
            <RecipientPreview campaignId={campaign.id} signName={signName} content={template.content} type={template.type} sharedValues={sharedValues} />
          )}
        </Col>
      </Row>
      <div className="jst-step-footer">
        <Button onClick={onBack}>{t('sending.wizard.prev')}</Button>
        <span className="jst-muted">{draft.saving ? t('sending.wizard.saving') : ''}</span>
        <Button type="primary" onClick={() => void next()} disabled={!template || signName.trim() === ''} data-testid="content-next">
          {t('sending.wizard.next')}
        </Button>
      </div>
    </div>
  );
}

function soleApprovedSignature(signatures: SignatureView[] | undefined): string | null {
  const approved = (signatures ?? []).filter((s) => s.status === 'approved');
  return approved.length === 1 ? approved[0]!.name : null;
}

function ConstantRow({ name, value, onChange }: { name: string; value: string; onChange(v: string): void }) {
  return (
    <>
      <Tag className="jst-var-name">{`\${${name}}`}</Tag>
      <Input value={value} onChange={(e) => onChange(e.target.value)} maxLength={500} data-testid={`constant-${name}`} />
    </>
  );
}
