import { ExportOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SETUP_HELP_LINKS, type SetupHelpField } from './help-links';

/**
 * One line under a credential field: where it comes from, with a link. A plain `target=_blank` link: Electron's
 * window-open handler sends allow-listed URLs to the system browser, the browser host opens a tab.
 */
export function FieldHelp({ field, children }: { field: SetupHelpField; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <span className="setup-help" data-testid={`help-${field}`}>
        {t(`setup.help.${field}`)}{' '}
        <a href={SETUP_HELP_LINKS[field]} target="_blank" rel="noopener noreferrer">
          {t('setup.help.open')} <ExportOutlined />
        </a>
      </span>
      {children && <div>{children}</div>}
    </>
  );
}
