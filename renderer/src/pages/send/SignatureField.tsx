import { AutoComplete, Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { lintSignature, TEMPLATE_TYPE, type TemplateType } from '../../../../shared/sms';
import type { SignatureView } from '../../../../shared/templates/contract';
import { findingText } from '../templates/finding-text';
import { useLang } from '../../format';

/**
 * Marketing needs a filed, approved signature; notification and verification SMS take any valid signature string
 * (Jushita does not control signatures for system SMS), checked live with the shared signature lint.
 */
export function SignatureField({
  type,
  value,
  signatures,
  onChange,
}: {
  type: TemplateType | null;
  value: string;
  signatures: SignatureView[] | undefined;
  onChange(v: string): void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const approved = (signatures ?? []).filter((s) => s.status === 'approved');
  const marketing = type === TEMPLATE_TYPE.MARKETING;
  const report = value ? lintSignature(value) : null;
  const error = report?.findings.find((f) => f.severity === 'error');
  // Unknown until the list has loaded: no error flash meanwhile.
  const notApproved = marketing && signatures !== undefined && value !== '' && !approved.some((s) => s.name === value);
  return (
    <Form.Item
      label={t('sending.content.signature')}
      extra={marketing ? t('sending.content.signatureMarketing') : t('sending.content.signatureSystem')}
      validateStatus={error || notApproved ? 'error' : undefined}
      help={error ? findingText(error, lang) : notApproved ? t('sending.content.signatureNotApproved') : undefined}
    >
      {marketing ? (
        <Select
          value={value || undefined}
          placeholder={t('sending.content.signaturePick')}
          options={approved.map((s) => ({ value: s.name, label: `【${s.name}】` }))}
          onChange={onChange}
          notFoundContent={t('sending.content.noApprovedSignature')}
          data-testid="signature-select"
        />
      ) : (
        <AutoComplete
          value={value}
          options={approved.map((s) => ({ value: s.name, label: `【${s.name}】` }))}
          onChange={(v: string) => onChange(v.slice(0, 64))}
          placeholder={t('sending.content.signatureType')}
          data-testid="signature-input"
        />
      )}
    </Form.Item>
  );
}
