import { Badge, Empty, Input, Segmented, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ThreadFilter, ThreadSummary } from '../../../../shared/inbox/contract';
import { previewText } from '../../../../shared/inbox/text';
import { formatShort, useRecipientText } from '../../format';
import { useApiQuery } from '../../query';

const PAGE = 200;
const ROW_HEIGHT = 72;
const WIDTH = 340;

/** Height of an element, kept current (the virtual table needs a number). */
function useHeight<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [height, setHeight] = useState(400);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(Math.max(200, Math.floor(el.clientHeight))));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, height];
}

/** Threads newest first; virtualised (antd Table virtual, fixed row height); filtering and search run in main. */
export function ThreadList({ selected, onOpen, showFilter }: { selected: string | null; onOpen: (phone: string) => void; showFilter?: ThreadFilter }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<ThreadFilter>(showFilter ?? 'all');
  // A link that asks for a filter (the grouped reply notice → 未读) sets it each time it is followed; the seller may change it after.
  const [asked, setAsked] = useState(showFilter);
  if (showFilter !== asked) {
    setAsked(showFilter);
    if (showFilter) setFilter(showFilter);
  }
  const [search, setSearch] = useState('');
  const [typed, setTyped] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const [boxRef, height] = useHeight<HTMLDivElement>();
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  useEffect(() => setLimit(PAGE), [filter, search]);

  const query = useApiQuery(
    'inbox.threads',
    { filter, search: search || undefined, page: 1, pageSize: Math.min(limit, 500) },
    { placeholderData: (previous) => previous },
  );
  const items = query.data?.items ?? [];
  const total = query.data?.total ?? 0;

  return (
    <div className="inbox-list">
      <Input.Search
        allowClear
        placeholder={t('inbox.searchPlaceholder')}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        data-testid="inbox-search"
        maxLength={64}
      />
      <Segmented
        block
        size="small"
        style={{ margin: '8px 0' }}
        value={filter}
        onChange={(v) => setFilter(v)}
        options={(['all', 'unread', 'likely', 'blocked'] as const).map((f) => ({ value: f, label: t(`inbox.filters.${f}`) }))}
        data-testid="inbox-filter"
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('inbox.count', { count: total })}
        {query.data?.unread.total ? ` · ${t('inbox.unreadTotal', { count: query.data.unread.total })}` : ''}
      </Typography.Text>
      <div ref={boxRef} style={{ flex: 1, minHeight: 0, marginTop: 4, border: '1px solid #f0f0f0', borderRadius: 8, overflow: 'hidden' }}>
        {items.length === 0 && !query.isLoading ? (
          <Empty
            style={{ marginTop: 48 }}
            description={search ? t('inbox.emptySearch') : filter === 'all' ? t('inbox.empty') : t(`inbox.emptyFilter.${filter}`)}
            data-testid="inbox-empty"
          />
        ) : (
          <Table<ThreadSummary>
            virtual
            size="small"
            showHeader={false}
            pagination={false}
            rowKey="phone"
            loading={query.isLoading}
            dataSource={items}
            scroll={{ x: WIDTH - 2, y: height }}
            onScroll={(e) => {
              const el = e.currentTarget;
              if (el.scrollTop + el.clientHeight > el.scrollHeight - ROW_HEIGHT * 5 && items.length < total && limit < 500) setLimit((l) => l + PAGE);
            }}
            onRow={(row) => ({ onClick: () => onOpen(row.phone), 'data-testid': `thread-${row.phone}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'thread', width: WIDTH - 2, render: (_: unknown, row: ThreadSummary) => <ThreadRow row={row} selected={row.phone === selected} /> },
            ]}
          />
        )}
      </div>
    </div>
  );
}

function ThreadRow({ row, selected }: { row: ThreadSummary; selected: boolean }) {
  const { t } = useTranslation();
  const recipientText = useRecipientText();
  return (
    <div className={`inbox-row${selected ? ' selected' : ''}`}>
      <div className="inbox-row-top">
        <span style={{ fontWeight: row.unread ? 600 : 400 }}>
          <bdi>{recipientText(row.phone)}</bdi>{' '}
          {row.listReason && (
            <Tag color={row.listReason === 'block' ? 'default' : 'orange'} style={{ marginInlineStart: 4 }} data-testid={`list-tag-${row.listReason}`}>
              {t(`inbox.listTag.${row.listReason}`)}
            </Tag>
          )}
          {row.likelyOptOut && <Tag color="orange">{t('inbox.likelyTag')}</Tag>}
        </span>
        <span style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatShort(row.lastAt)}
          </Typography.Text>
          <Badge count={row.unread} size="small" />
        </span>
      </div>
      <div className="inbox-row-preview">
        {row.lastKind === 'sent' ? t('inbox.lastSent') : ''}
        {previewText(row.lastText, 60)}
      </div>
    </div>
  );
}
