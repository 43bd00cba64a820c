import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, InfoCircleFilled } from '@ant-design/icons';
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../../shared/sms';
import { findingText } from './finding-text';
import { useLang } from '../../format';

const ICON = {
  error: <CloseCircleFilled style={{ color: '#ff4d4f' }} />,
  warning: <ExclamationCircleFilled style={{ color: '#faad14' }} />,
  info: <InfoCircleFilled style={{ color: '#1677ff' }} />,
};

/** shared/sms findings, errors first; a click on one with a range selects the text it is about. */
/** One line per distinct message of a rule: the same text twice says nothing more (the first one stays clickable). */
export function distinctFindings(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function LintPanel({ findings: all, onPick }: { findings: Finding[]; onPick?: (finding: Finding) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const findings = distinctFindings(all);
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return (
    <div data-testid="lint-panel" className="jst-lint">
      <Space size={6} style={{ marginBottom: 8 }} wrap>
        <Typography.Text strong>{t('templates.lint.title')}</Typography.Text>
        {count('error') > 0 && <Tag color="error">{t('templates.lint.errors', { count: count('error') })}</Tag>}
        {count('warning') > 0 && <Tag color="warning">{t('templates.lint.warnings', { count: count('warning') })}</Tag>}
        {count('info') > 0 && <Tag color="blue">{t('templates.lint.infos', { count: count('info') })}</Tag>}
      </Space>
      {findings.length === 0 ? (
        <div className="jst-lint-ok" data-testid="lint-ok">
          <CheckCircleFilled style={{ color: '#52c41a' }} /> {t('templates.lint.allGood')}
        </div>
      ) : (
        <ul className="jst-lint-list">
          {findings.map((f, i) => (
            <li
              key={`${f.rule}-${i}`}
              data-testid={`lint-${f.rule}`}
              data-severity={f.severity}
              className={f.range && onPick ? 'jst-lint-item jst-lint-clickable' : 'jst-lint-item'}
              onClick={() => f.range && onPick?.(f)}
            >
              <span className="jst-lint-icon">{ICON[f.severity]}</span>
              <span>{findingText(f, lang)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
