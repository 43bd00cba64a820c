import { Button } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { collapsedText, inertSegments } from '../../../../shared/inbox/text';

/** Past this many characters a reply is collapsed behind 展开. */
export const COLLAPSE_CHARS = 300;

/**
 * Untrusted text as React text nodes only (no HTML, no Markdown, no links): control and bidi characters become
 * visible tokens, the whole run is bidi-isolated, long text is collapsed.
 */
export function InertText({ text, collapse = COLLAPSE_CHARS, testId }: { text: string; collapse?: number | null; testId?: string }) {
  const { t } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const shown = useMemo(() => (collapse && !expanded ? collapsedText(text, collapse) : { text, collapsed: false }), [text, collapse, expanded]);
  const segments = useMemo(() => inertSegments(shown.text), [shown.text]);
  const long = collapse !== null && collapse !== undefined && [...text].length > collapse;
  return (
    <span className="inbox-inert" data-testid={testId}>
      <bdi dir="auto" className="inbox-inert-text">
        {segments.map((s, i) =>
          s.control ? (
            <span key={i} className="inbox-control" aria-label={s.text}>
              {s.text}
            </span>
          ) : (
            <span key={i}>{s.text}</span>
          ),
        )}
        {shown.collapsed && '…'}
      </bdi>
      {long && (
        <Button type="link" size="small" className="inbox-expand" onClick={() => setExpanded((v) => !v)} data-testid="inbox-expand">
          {expanded ? t('inbox.message.collapse') : `${t('inbox.message.expand')}（${t('inbox.message.chars', { count: [...text].length })}）`}
        </Button>
      )}
    </span>
  );
}
