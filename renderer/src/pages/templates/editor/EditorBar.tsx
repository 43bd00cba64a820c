import { ArrowLeftOutlined, CheckOutlined, CopyOutlined, DeleteOutlined, LoadingOutlined, SendOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Space, Tooltip, Typography } from 'antd';
import { useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateView } from '../../../../../shared/templates/contract';
import { formatClock, useLang } from '../../../format';
import { StatusChip } from '../StatusChip';
import type { SaveState } from './draft';

export type EditorBusy = 'submit' | 'delete' | 'duplicate' | 'reconcile' | null;

interface EditorBarProps {
  title: string;
  view: TemplateView | null;
  editable: boolean;
  saveState: SaveState;
  savedAt: string | undefined;
  busy: EditorBusy;
  canDuplicate: boolean;
  submitBlocked: boolean;
  submitHint: string | undefined;
  onBack(): void;
  onDuplicate(): void;
  onDelete(): void;
  onSubmit(): void;
}

/**
 * Tells the page where the bar ends (CSS variable on <body>, read by templates.css) so that app-wide notices start
 * below it. The content pane scrolls the bar up, never down, so its first position is the lowest it gets.
 */
function useNoticesBelow(bar: React.RefObject<HTMLDivElement | null>) {
  useLayoutEffect(() => {
    const place = () => {
      const bottom = bar.current?.getBoundingClientRect().bottom;
      if (bottom !== undefined) document.body.style.setProperty('--jst-editor-bar-bottom', `${Math.ceil(Math.max(bottom, 0)) + 8}px`);
    };
    place();
    window.addEventListener('resize', place);
    return () => {
      window.removeEventListener('resize', place);
      document.body.style.removeProperty('--jst-editor-bar-bottom');
    };
  }, [bar]);
}

/** Back, title, status and code on the left; autosave state and the actions on the right. */
export function EditorBar(p: EditorBarProps) {
  const { t } = useTranslation();
  const bar = useRef<HTMLDivElement>(null);
  useNoticesBelow(bar);
  const lang = useLang();
  const { view } = p;
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
        <CheckOutlined /> {t('templates.editor.saved', { time: formatClock(p.savedAt, lang) })}
      </span>
    ),
    error: <span style={{ color: '#cf1322', fontSize: 12 }}>{t('templates.editor.saveFailed')}</span>,
  }[p.saveState];

  return (
    <div className="jst-editor-bar" data-testid="editor-bar" ref={bar}>
      <Space size={12} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={p.onBack} data-testid="back-to-list">
          {t('templates.editor.back')}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {p.title}
        </Typography.Title>
        <StatusChip status={view?.status ?? 'draft'} testId="template-status" />
        {view?.platformCode && (
          <Typography.Text copyable={{ text: view.platformCode }} code data-testid="template-code">
            {view.platformCode}
          </Typography.Text>
        )}
      </Space>
      <Space size={12} wrap>
        {p.editable && (
          <span data-testid="save-indicator" data-state={p.saveState}>
            {saveIndicator}
          </span>
        )}
        <Button icon={<CopyOutlined />} onClick={p.onDuplicate} disabled={!p.canDuplicate} loading={p.busy === 'duplicate'} data-testid="duplicate-template">
          {t('templates.editor.duplicate')}
        </Button>
        <Popconfirm
          title={view?.platformCode ? t('templates.list.deleteRemoteConfirm') : t('templates.list.deleteConfirm')}
          onConfirm={p.onDelete}
          okText={t('common.ok')}
          cancelText={t('common.cancel')}
        >
          <Button danger icon={<DeleteOutlined />} loading={p.busy === 'delete'} data-testid="delete-template">
            {t('templates.editor.delete')}
          </Button>
        </Popconfirm>
        {p.editable && (
          <Tooltip title={p.submitHint}>
            <Button
              type="primary"
              icon={<SendOutlined />}
              onClick={p.onSubmit}
              disabled={p.submitBlocked}
              loading={p.busy === 'submit'}
              data-testid="submit-template"
            >
              {view?.platformCode ? t('templates.editor.resubmit') : t('templates.editor.submit')}
            </Button>
          </Tooltip>
        )}
      </Space>
    </div>
  );
}
