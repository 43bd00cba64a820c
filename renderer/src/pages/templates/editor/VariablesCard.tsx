import { AutoComplete, Card, Input, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeMask, privacyRuleFor } from '../../../../../shared/sms';
import type { ShortLinkView } from '../../../../../shared/templates/contract';
import { useLang } from '../../../format';
import { ownValue } from '../../../../../shared/records';

/** Sample values for the preview, one row per variable, with the privacy mask Jushita applies. */
export function VariablesCard({
  names,
  values,
  shortLinks,
  variableLabel,
  onChange,
}: {
  names: readonly string[];
  values: Record<string, string>;
  shortLinks: ShortLinkView[];
  variableLabel(name: string): string;
  onChange(values: Record<string, string>): void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const liveLinks = shortLinks.filter((l) => l.expiry !== 'expired').map((l) => ({ value: l.shortUrl, label: `${l.shortUrl} · ${l.tag}` }));
  return (
    <Card title={t('templates.variables.title')} style={{ marginTop: 16 }} data-testid="variable-list">
      {names.length === 0 ? (
        <Typography.Text type="secondary">{t('templates.variables.none')}</Typography.Text>
      ) : (
        <div className="jst-var-row">
          {names.map((name) => {
            const rule = privacyRuleFor(name);
            const mask = rule ? describeMask(rule.mask) : null;
            const value = ownValue(values, name) ?? '';
            const onValue = (v: string) => onChange({ ...values, [name]: v });
            return (
              <VariableRow key={name} name={name} label={variableLabel(name)} hint={mask ? (lang === 'en' ? mask.en : mask.zh) : undefined}>
                {name === 'url' ? (
                  <AutoComplete
                    value={value}
                    options={liveLinks}
                    onChange={onValue}
                    placeholder={t('templates.variables.urlPlaceholder')}
                    style={{ width: '100%' }}
                    data-testid={`sample-${name}`}
                  />
                ) : (
                  <Input
                    value={value}
                    onChange={(e) => onValue(e.target.value)}
                    placeholder={t('templates.variables.samplePlaceholder')}
                    data-testid={`sample-${name}`}
                  />
                )}
              </VariableRow>
            );
          })}
        </div>
      )}
    </Card>
  );
}

function VariableRow({ name, label, hint, children }: { name: string; label: string; hint?: string; children: ReactNode }) {
  return (
    <>
      <div>
        <Typography.Text code>{`\${${name}}`}</Typography.Text>
        <div className="jst-muted">{label}</div>
      </div>
      <div>
        {children}
        {hint && (
          <div className="jst-muted" style={{ marginTop: 2 }}>
            {hint}
          </div>
        )}
      </div>
    </>
  );
}
