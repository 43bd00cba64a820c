import { Alert, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AUTOMATION_KINDS,
  DECISION_OUTCOMES,
  SKIP_REASONS,
  type AutomationDecisionView,
  type AutomationKind,
  type DecisionOutcome,
  type SkipReason,
} from '../../../../shared/automations/contract';
import { errorText } from '../../context';
import { formatBeijingText } from '../../format';
import { useApiQuery } from '../../query';
import type { Navigate } from '../../routing/routes';

const PAGE_SIZE = 500;
const OUTCOME_COLOR: Record<DecisionOutcome, string> = { sent: 'green', skipped: 'orange', waiting: 'blue' };

/** The 订单 page opens an order's detail from #/orders/<tid> (written as routeHash does, ahead of the page's route key). */
export const orderHref = (tid: string) => `#/orders/${encodeURIComponent(tid)}`;

/** 决策日志: every trigger with its outcome and reason; filtering and paging run in main. */
export function DecisionLog({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<AutomationKind | undefined>();
  const [outcome, setOutcome] = useState<DecisionOutcome | undefined>();
  const [reason, setReason] = useState<SkipReason | undefined>();
  const [tid, setTid] = useState('');
  const [page, setPage] = useState(1);
  const filters = { ...(kind && { kind }), ...(outcome && { outcome }), ...(reason && { reason }), ...(tid && { tid }) };
  const log = useApiQuery('automations.log', { page, pageSize: PAGE_SIZE, ...filters }, { placeholderData: (previous) => previous });
  const filter = (apply: () => void) => {
    apply();
    setPage(1);
  };

  return (
    <div data-testid="auto-log">
      <Typography.Paragraph type="secondary">{t('automations.log.help')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<AutomationKind>
          allowClear
          value={kind}
          placeholder={t('automations.log.allKinds')}
          style={{ width: 140 }}
          options={AUTOMATION_KINDS.map((k) => ({ value: k, label: t(`automations.kinds.${k}`) }))}
          onChange={(v) => filter(() => setKind(v))}
          data-testid="auto-log-kind"
        />
        <Select<DecisionOutcome>
          allowClear
          value={outcome}
          placeholder={t('automations.log.allOutcomes')}
          style={{ width: 140 }}
          options={DECISION_OUTCOMES.map((o) => ({ value: o, label: t(`automations.outcomes.${o}`) }))}
          onChange={(v) =>
            filter(() => {
              setOutcome(v);
              if (v !== 'skipped') setReason(undefined);
            })
          }
          data-testid="auto-log-outcome"
        />
        <Select<SkipReason>
          allowClear
          value={reason}
          placeholder={t('automations.log.allReasons')}
          style={{ width: 220 }}
          popupMatchSelectWidth={false}
          options={SKIP_REASONS.map((r) => ({ value: r, label: t(`automations.reasons.${r}`) }))}
          onChange={(v) => filter(() => setReason(v))}
          data-testid="auto-log-reason"
        />
        <Input.Search
          allowClear
          maxLength={24}
          placeholder={t('automations.log.search')}
          style={{ width: 220 }}
          onSearch={(v) => filter(() => setTid(v.replace(/\D/g, '')))}
          data-testid="auto-log-search"
        />
      </Space>
      {log.error && <Alert type="error" showIcon title={errorText(t, log.error)} style={{ marginBottom: 12 }} />}
      <Table<AutomationDecisionView>
        rowKey="id"
        size="small"
        virtual
        loading={log.isLoading}
        dataSource={log.data?.items ?? []}
        scroll={{ x: 1180, y: 460 }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: log.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
          showTotal: (total) => t('automations.log.total', { count: total }),
        }}
        columns={[
          {
            title: t('automations.log.tid'),
            dataIndex: 'tid',
            width: 190,
            render: (v: string) => (
              <a href={orderHref(v)} title={t('automations.log.openOrder')} data-testid="auto-log-tid">
                {v}
              </a>
            ),
          },
          { title: t('automations.log.kind'), dataIndex: 'kind', width: 140, render: (k: AutomationKind) => t(`automations.kinds.${k}`) },
          {
            title: t('automations.log.outcome'),
            key: 'outcome',
            width: 220,
            render: (_, x) => (
              <span data-testid={`auto-log-outcome-${x.tid}`}>
                <Tag color={OUTCOME_COLOR[x.outcome]} className="jst-auto-outcome">
                  {t(`automations.outcomes.${x.outcome}`)}
                </Tag>
                {x.reason && <span>{t(`automations.reasons.${x.reason}`)}</span>}
              </span>
            ),
          },
          {
            title: t('automations.log.trigger'),
            dataIndex: 'trigger',
            width: 120,
            ellipsis: true,
            render: (v: string) => (
              <span className="jst-muted" title={v}>
                {t(`automations.triggers.${v}`, { defaultValue: v })}
              </span>
            ),
          },
          { title: t('automations.log.triggeredAt'), key: 'triggeredAt', width: 140, render: (_, x) => formatBeijingText(x.triggeredAt) },
          { title: t('automations.log.dueAt'), key: 'dueAt', width: 140, render: (_, x) => formatBeijingText(x.dueAt) },
          { title: t('automations.log.decidedAt'), key: 'decidedAt', width: 140, render: (_, x) => formatBeijingText(x.decidedAt) },
          {
            title: t('automations.log.sms'),
            key: 'sms',
            width: 110,
            fixed: 'right',
            render: (_, x) =>
              x.campaignId !== undefined ? (
                <Typography.Link onClick={() => navigate('history', String(x.campaignId))} data-testid={`auto-log-sms-${x.tid}`}>
                  {x.sendStatus ? t(`sending.recipientStatus.${x.sendStatus}`, { defaultValue: x.sendStatus }) : t('automations.log.openSms')}
                </Typography.Link>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </div>
  );
}
