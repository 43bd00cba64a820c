import { App, Button, Empty, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { controlSize, SegmentRule, type SegmentControl, type SegmentSource as Source } from '../../../../shared/audiences/contract';
import { errorText } from '../../context';
import { useApiMutation, useApiQuery } from '../../query';

/** The share held back when the seller has not chosen (issue 19's example: 10 %). */
const DEFAULT_CONTROL_PERCENT = 10;
const MAX_CONTROL_PERCENT = 50;

/**
 * `#/send/new?segment=<id>` (a saved segment's 发送) or `#/send/new?rule=<json>&name=<n>` (the rule being edited): the
 * segment a new campaign starts from; null when the route is not one of them or its rule does not parse.
 */
export function segmentOfNewRoute(detail: string | null): Source | 'invalid' | null {
  const m = detail ? /^new\?(.*)$/.exec(detail) : null;
  if (!m) return null;
  const params = new URLSearchParams(m[1]);
  const id = params.get('segment');
  if (id !== null) return /^[1-9]\d{0,14}$/.test(id) ? { segmentId: Number(id) } : 'invalid';
  const rule = params.get('rule');
  if (rule === null) return null;
  try {
    const parsed = SegmentRule.safeParse(JSON.parse(rule));
    const name = params.get('name')?.trim().slice(0, 50);
    return parsed.success ? { rule: parsed.data, ...(name ? { name } : {}) } : 'invalid';
  } catch {
    return 'invalid';
  }
}

/**
 * 人群 as a recipient source: a saved segment (or the rule passed in), the control group (P % or N buyers, drawn in
 * main at random, recorded, never sent) and what that leaves to send. With no campaign yet, one is created first.
 */
export function SegmentSource({ campaignId, initial, onImported }: { campaignId: number | null; initial?: Source; onImported(campaignId: number): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const create = useApiMutation('campaigns.create', { invalidates: ['campaigns.list'] });
  const importSegment = useApiMutation('segments.import', { invalidates: ['campaigns.get', 'campaigns.recipients', 'campaigns.list', 'segments.sendOf'] });
  const saved = useApiQuery('segments.list');
  const [segmentId, setSegmentId] = useState<number | null>(initial && 'segmentId' in initial ? initial.segmentId : null);
  const rule = initial && 'rule' in initial ? initial : null;
  const live = useApiQuery('segments.count', { rule: rule?.rule ?? {} }, { enabled: !!rule });
  const [mode, setMode] = useState<'percent' | 'buyers'>('percent');
  const [amount, setAmount] = useState<number | null>(DEFAULT_CONTROL_PERCENT);
  const [busy, setBusy] = useState(false);

  const segment = segmentId === null ? null : (saved.data?.find((s) => s.id === segmentId) ?? null);
  const name = rule ? (rule.name ?? t('sending.segment.unsaved')) : (segment?.name ?? '');
  const buyers = rule ? live.data?.buyers : segment?.buyers;
  const control: SegmentControl = mode === 'percent' ? { percent: amount ?? 0 } : { buyers: amount ?? 0 };
  const held = buyers === undefined ? null : controlSize(buyers, control);
  // An unsaved rule is recorded under the name the seller sees (in their language).
  const source: Source | null = rule ? { rule: rule.rule, name } : segmentId === null ? null : { segmentId };

  const run = async () => {
    if (!source) return;
    setBusy(true);
    try {
      const id = campaignId ?? (await create.mutateAsync({ name: t('sending.segment.campaignName', { name }).slice(0, 100) })).id;
      await importSegment.mutateAsync({ campaignId: id, source, control });
      onImported(id);
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };

  if (!rule && saved.data?.length === 0) return <Empty description={t('sending.segment.none')} data-testid="segment-source-empty" />;
  return (
    <div data-testid="segment-source">
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        {rule ? (
          <Typography.Text strong data-testid="segment-source-name">
            {name}
          </Typography.Text>
        ) : (
          <Select
            data-testid="segment-pick"
            placeholder={t('sending.segment.pick')}
            value={segmentId ?? undefined}
            onChange={(id: number) => setSegmentId(id)}
            loading={saved.isLoading}
            style={{ width: '100%', maxWidth: 420 }}
            options={(saved.data ?? []).map((s) => ({ value: s.id, label: t('sending.segment.option', { name: s.name, buyers: s.buyers }) }))}
          />
        )}
        {buyers !== undefined && (
          <Typography.Text type="secondary" data-testid="segment-source-buyers" data-value={buyers}>
            {t('sending.segment.buyers', { buyers })}
          </Typography.Text>
        )}
        <div>
          <Typography.Text strong>{t('sending.segment.control')}</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
            {t('sending.segment.controlHelp')}
          </Typography.Paragraph>
          <Space wrap>
            <Radio.Group
              value={mode}
              onChange={(e) => {
                const next = e.target.value as 'percent' | 'buyers';
                setMode(next);
                setAmount(next === 'percent' ? DEFAULT_CONTROL_PERCENT : held);
              }}
            >
              {/* The test ids go on the labels: antd puts a Radio.Button's own props on its hidden input. */}
              <Radio.Button value="percent">
                <span data-testid="control-mode-percent">{t('sending.segment.byPercent')}</span>
              </Radio.Button>
              <Radio.Button value="buyers">
                <span data-testid="control-mode-buyers">{t('sending.segment.byBuyers')}</span>
              </Radio.Button>
            </Radio.Group>
            <InputNumber
              data-testid="control-amount"
              min={0}
              max={mode === 'percent' ? MAX_CONTROL_PERCENT : Math.max(0, (buyers ?? 1) - 1)}
              precision={mode === 'percent' ? 1 : 0}
              value={amount}
              onChange={(v) => setAmount(typeof v === 'number' ? v : null)}
              suffix={mode === 'percent' ? '%' : t('sending.segment.buyersUnit')}
              style={{ width: 140 }}
            />
          </Space>
        </div>
        {held !== null && buyers !== undefined && (
          <Typography.Text data-testid="control-preview">{t('sending.segment.preview', { control: held, sent: buyers - held })}</Typography.Text>
        )}
      </Space>
      <div className="jst-counter" style={{ marginTop: 12 }}>
        <span />
        <Button
          type="primary"
          onClick={() => void run()}
          loading={busy}
          disabled={!source || !buyers || held === null || held >= buyers}
          data-testid="segment-import"
        >
          {t('sending.segment.import')}
        </Button>
      </div>
    </div>
  );
}
