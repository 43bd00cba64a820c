import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, InfoCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Row, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignView, CheckItem, PreSendCheck } from '../../../../shared/sending/contract';
import { errorText } from '../../context';
import { formatTime } from '../../format';
import { useApiQuery } from '../../query';
import { ScheduleForm, type ScheduleMode } from './ScheduleForm';
import { TestSendCard } from './TestSendCard';
import { useDraftUpdate } from './useDraftUpdate';

const ICON = {
  error: <CloseCircleFilled style={{ color: '#ff4d4f' }} />,
  warning: <ExclamationCircleFilled style={{ color: '#faad14' }} />,
  info: <InfoCircleFilled style={{ color: '#1677ff' }} />,
};
const ORDER = { error: 0, warning: 1, info: 2 } as const;

/** 检查: main's pre-send check — counts, segments, every item (errors block), sending window, schedule. */
export function CheckStep({ campaign, onBack, onNext }: { campaign: CampaignView; onBack(): void; onNext(): void }) {
  const { t } = useTranslation();
  const check = useApiQuery('campaigns.check', { id: campaign.id }, { staleTime: 0 });
  const draft = useDraftUpdate(campaign.id);
  const segment = useApiQuery('segments.sendOf', { campaignId: campaign.id }, { enabled: campaign.audience === 'orders' });
  const data = check.data;
  const [mode, setMode] = useState<ScheduleMode>(campaign.scheduledAt ? 'at' : 'now');
  // 定时 without a time would silently mean 立即: not allowed.
  const scheduleMissing = mode === 'at' && !campaign.scheduledAt;

  return (
    <div data-testid="check-step">
      {check.error && <Alert type="error" showIcon title={errorText(t, check.error)} style={{ marginBottom: 16 }} />}
      {!data ? (
        <Spin style={{ display: 'block', margin: '48px auto' }} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <Alert
              type={data.ready ? 'success' : 'error'}
              showIcon
              style={{ marginBottom: 16 }}
              title={data.ready ? t('sending.check.ready', { count: data.finalRecipients }) : t('sending.check.notReady')}
              data-testid="check-ready"
              data-ready={data.ready}
            />
            <CheckNumbers check={data} />
            {segment.data && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                data-testid="check-segment"
                data-control={segment.data.control}
                title={t('sending.segment.checkSummary', {
                  name: segment.data.segmentName,
                  buyers: segment.data.buyers,
                  control: segment.data.control,
                  sent: segment.data.sent,
                })}
              />
            )}
            {data.orders && (
              <Alert
                type={data.orders.noOaid || data.orders.missingVariables ? 'warning' : 'info'}
                showIcon
                style={{ marginBottom: 16 }}
                data-testid="check-orders"
                title={t('sending.orders.checkSummary', {
                  orders: data.orders.orders,
                  buyers: data.orders.buyers,
                  noOaid: data.orders.noOaid,
                  missing: data.orders.missingVariables,
                  sameBuyer: data.orders.sameBuyer,
                })}
                description={
                  data.orders.noOaidReasons.length ? (
                    <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="check-no-oaid">
                      {data.orders.noOaidReasons.map((r) => (
                        <li key={r.code}>
                          {r.count} · {r.message}
                        </li>
                      ))}
                    </ul>
                  ) : undefined
                }
              />
            )}
            <Card size="small" title={t('sending.check.items')} style={{ marginBottom: 16 }}>
              <CheckItems items={data.items} />
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('sending.check.schedule')} style={{ marginBottom: 16 }}>
              {data.sendingWindow.applies && (
                <Alert
                  type={data.sendingWindow.openNow ? 'info' : 'warning'}
                  showIcon
                  style={{ marginBottom: 12 }}
                  data-testid="sending-window"
                  title={
                    !data.sendingWindow.openNow && data.sendingWindow.nextOpenAt
                      ? t(campaign.autoResumeNextDay ? 'sending.check.windowClosedAuto' : 'sending.check.windowClosedManual', {
                          start: data.sendingWindow.start,
                          end: data.sendingWindow.end,
                          time: formatTime(data.sendingWindow.nextOpenAt),
                        })
                      : t('sending.check.window', { start: data.sendingWindow.start, end: data.sendingWindow.end })
                  }
                />
              )}
              <ScheduleForm campaign={campaign} mode={mode} onMode={setMode} onPatch={(patch, options) => draft.patch(patch, { now: options?.now ?? true })} />
            </Card>
            <TestSendCard campaignId={campaign.id} ready={data.ready} />
            <Card size="small" title={t('sending.check.previews')}>
              {data.previews.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
              ) : (
                data.previews.map((p) => (
                  <div key={p.phone} className="jst-check-preview" data-testid="check-preview">
                    <div className="jst-muted">
                      {p.phone} · {t('sending.check.previewLength', { chars: p.chars, count: p.segments })}
                    </div>
                    <div>{p.text}</div>
                  </div>
                ))
              )}
            </Card>
          </Col>
        </Row>
      )}
      <div className="jst-step-footer">
        <Button onClick={onBack}>{t('sending.wizard.prev')}</Button>
        <Button
          type="primary"
          disabled={!data?.ready || check.isFetching || scheduleMissing}
          onClick={() => void draft.flush().then((saved) => saved && onNext())}
          data-testid="check-next"
        >
          {t('sending.check.next')}
        </Button>
      </div>
    </div>
  );
}

function CheckNumbers({ check }: { check: PreSendCheck }) {
  const { t } = useTranslation();
  const tiles = [
    { key: 'final', value: check.finalRecipients, tone: '#ff5000' },
    { key: 'frequencySkipped', value: check.frequencySkipped },
    { key: 'segmentsMin', value: check.segments.min },
    { key: 'segmentsMax', value: check.segments.max },
    { key: 'segmentsTotal', value: check.segments.total },
  ];
  return (
    <div className="jst-send-tiles" style={{ marginBottom: 16 }} data-testid="check-numbers">
      {tiles.map((tile) => (
        <div key={tile.key} className="jst-send-tile" data-testid={`check-${tile.key}`} data-value={tile.value}>
          <div className="jst-send-tile-value" style={tile.tone ? { color: tile.tone } : undefined}>
            {tile.value.toLocaleString()}
          </div>
          <div className="jst-send-tile-label">{t(`sending.check.${tile.key}`)}</div>
        </div>
      ))}
    </div>
  );
}

function CheckItems({ items }: { items: CheckItem[] }) {
  const { t } = useTranslation();
  if (items.length === 0) {
    return (
      <div className="jst-lint-ok">
        <CheckCircleFilled style={{ color: '#52c41a' }} /> {t('sending.check.allGood')}
      </div>
    );
  }
  const sorted = [...items].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return (
    <ul className="jst-lint-list">
      {sorted.map((item, i) => (
        <li key={`${item.code}-${i}`} className="jst-lint-item" data-testid={`check-item-${item.code}`} data-severity={item.severity}>
          <span className="jst-lint-icon">{ICON[item.severity]}</span>
          <span>
            {item.message}
            {item.count !== undefined && item.count > 0 && <Tag style={{ marginInlineStart: 6 }}>{t('sending.check.itemCount', { count: item.count })}</Tag>}
            {item.rows && item.rows.length > 0 && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {t('sending.check.rows', { rows: item.rows.join('、') })}
              </Typography.Text>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
