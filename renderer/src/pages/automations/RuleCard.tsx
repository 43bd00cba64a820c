import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Card, Checkbox, Col, Form, InputNumber, Radio, Row, Select, Space, Switch, Tag, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DELAY_LIMITS,
  OUTSIDE_WINDOW,
  PRE_CLOSE_LIMITS,
  REFUND_TRIGGERS,
  type AutomationRuleInput,
  type AutomationRuleView,
  type OutsideWindow,
} from '../../../../shared/automations/contract';
import type { SignatureView, TemplateView } from '../../../../shared/templates/contract';
import { errorText } from '../../context';
import { useApiMutation } from '../../query';
import { PhonePreview } from '../templates/PhonePreview';
import { CountsLine } from './CountsLine';
import { EnableModal } from './EnableModal';
import { sampleOrderValues } from './sample-order';

type Edits = Omit<AutomationRuleInput, 'kind' | 'enabled' | 'coverOpen'>;

const DAY = 1440;

/** One automation: on/off (enabling asks first), template + signature, timing, window, counts and a phone preview. */
export function RuleCard({
  rule,
  templates,
  signatures,
}: {
  rule: AutomationRuleView;
  templates: TemplateView[] | undefined;
  signatures: SignatureView[] | undefined;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const save = useApiMutation('automations.save', { invalidates: ['automations.list', 'automations.enableCheck'] });
  const [edits, setEdits] = useState<Edits>({});
  const [enabling, setEnabling] = useState(false);
  const [open, setOpen] = useState(false);
  const kindName = t(`automations.kinds.${rule.kind}`);
  const limits = DELAY_LIMITS[rule.kind];
  const inDays = limits.step === DAY;

  // An edit wins even when it is null (预关闭 turned off).
  const value = <K extends keyof Edits & keyof AutomationRuleView>(key: K): AutomationRuleView[K] =>
    key in edits ? (edits[key] as AutomationRuleView[K]) : rule[key];
  const edit = (patch: Edits) => setEdits((e) => ({ ...e, ...patch }));
  // Only what differs from the saved rule counts (a picker may report its value again after the save).
  const changes = Object.fromEntries(
    Object.entries(edits).filter(([key, v]) => JSON.stringify(v) !== JSON.stringify(rule[key as keyof Edits & keyof AutomationRuleView])),
  ) as Edits;
  const dirty = Object.keys(changes).length > 0;

  const templateCode = value('template');
  const approved = templates ?? [];
  const picked = approved.find((x) => x.platformCode === templateCode);
  const content = picked?.content ?? rule.templateState?.content ?? '';
  const sign = value('sign');
  const sendWindow = value('window');
  const sameEdges = sendWindow.start === sendWindow.end;
  const outside = value('outsideWindow');
  const preClose = value('preCloseMinutes');

  const ruleDelay = rule.delayMinutes;
  const timingText = [
    inDays
      ? t('automations.card.afterDays', { count: ruleDelay / DAY })
      : ruleDelay === 0
        ? t('automations.card.atOnce')
        : t('automations.card.afterMinutes', { count: ruleDelay }),
    ...(rule.kind === 'urge-pay' && rule.preCloseMinutes !== null ? [t('automations.card.preCloseSummary', { count: rule.preCloseMinutes })] : []),
    ...(rule.kind === 'refund' ? [rule.refundStates.map((x) => t(`automations.refundStates.${x}`)).join('、')] : []),
  ].join(' · ');

  const persist = async (input: AutomationRuleInput): Promise<boolean> => {
    try {
      await save.mutateAsync(input);
      return true;
    } catch (error) {
      void message.error(errorText(t, error));
      return false;
    }
  };
  const saveEdits = async () => {
    if (await persist({ kind: rule.kind, ...changes })) {
      setEdits({});
      void message.success(t('automations.card.saved'));
    }
  };
  const toggle = async (on: boolean) => {
    if (on) {
      // The enable check counts with the saved rule: pending edits go in first.
      if (dirty && !(await persist({ kind: rule.kind, ...changes }))) return;
      setEdits({});
      setEnabling(true);
      return;
    }
    modal.confirm({
      title: t('automations.enable.disableTitle', { kind: kindName }),
      content: t('automations.enable.disableBody'),
      okText: t('automations.enable.disable'),
      okButtonProps: { danger: true, 'data-testid': 'confirm-disable' },
      cancelText: t('common.cancel'),
      onOk: async () => {
        if (await persist({ kind: rule.kind, enabled: false })) void message.success(t('automations.enable.disabled', { kind: kindName }));
      },
    });
  };

  const timeValue = (hhmm: string): Dayjs => {
    const [h = 0, m = 0] = hhmm.split(':').map(Number);
    return dayjs().hour(h).minute(m).second(0);
  };

  return (
    <Card
      className="jst-auto-card"
      data-testid={`auto-card-${rule.kind}`}
      title={
        <Space size={8} wrap>
          <span>{kindName}</span>
          <Tag color={rule.enabled ? 'green' : 'default'} data-testid={`auto-state-${rule.kind}`}>
            {rule.enabled ? t('automations.card.on') : t('automations.card.off')}
          </Tag>
          {rule.waiting > 0 && <Tag color="blue">{t('automations.card.waiting', { count: rule.waiting })}</Tag>}
        </Space>
      }
      extra={<Switch checked={rule.enabled} loading={save.isPending} onChange={(on) => void toggle(on)} data-testid={`auto-switch-${rule.kind}`} />}
    >
      <Typography.Paragraph type="secondary">{t(`automations.kindHelp.${rule.kind}`)}</Typography.Paragraph>
      <div className="jst-auto-summary" data-testid={`auto-summary-${rule.kind}`}>
        <span>
          {t('common.labelled', { label: t('automations.card.template'), value: rule.templateState?.name ?? (rule.template || t('automations.card.none')) })}
        </span>
        <span>{t('common.labelled', { label: t('automations.card.signature'), value: rule.sign ? `【${rule.sign}】` : t('automations.card.none') })}</span>
        <span>{timingText}</span>
        <span>
          {rule.window.start}–{rule.window.end} · {t(`automations.card.outsideOptions.${rule.outsideWindow}`)}
        </span>
      </div>
      <div className="jst-auto-counts">
        <CountsLine label={t('automations.card.today')} counts={rule.counts.today} testId={`auto-today-${rule.kind}`} />
        <CountsLine label={t('automations.card.week')} counts={rule.counts.week} testId={`auto-week-${rule.kind}`} />
      </div>
      {rule.templateState && !rule.templateState.approved && (
        <Alert type="warning" showIcon title={t('automations.card.templateNotApproved')} className="jst-auto-alert" />
      )}
      {rule.templateState?.marketing && <Alert type="info" showIcon title={t('automations.card.marketing')} className="jst-auto-alert" />}
      <Button
        type="link"
        className="jst-auto-toggle"
        icon={open ? <UpOutlined /> : <DownOutlined />}
        onClick={() => setOpen(!open)}
        data-testid={`auto-edit-${rule.kind}`}
      >
        {open ? t('automations.card.collapse') : t('automations.card.edit')}
      </Button>
      {open && (
        <Row gutter={[24, 16]} className="jst-auto-settings">
          <Col xs={24} lg={14}>
            <Form layout="vertical" requiredMark={false} className="jst-auto-form">
              <Row gutter={12}>
                <Col xs={24} xl={14}>
                  <Form.Item label={t('automations.card.template')}>
                    <Select
                      value={templateCode || undefined}
                      placeholder={t('automations.card.templatePick')}
                      notFoundContent={t('automations.card.noApproved')}
                      options={approved.filter((x) => x.platformCode).map((x) => ({ value: x.platformCode as string, label: `${x.name} · ${x.platformCode}` }))}
                      onChange={(template: string) => edit({ template })}
                      data-testid={`auto-template-${rule.kind}`}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} xl={10}>
                  <Form.Item label={t('automations.card.signature')}>
                    <AutoComplete
                      value={sign}
                      placeholder={t('automations.card.signaturePick')}
                      options={(signatures ?? []).filter((s) => s.status === 'approved').map((s) => ({ value: s.name, label: `【${s.name}】` }))}
                      onChange={(v: string) => edit({ sign: v.slice(0, 64) })}
                      data-testid={`auto-sign-${rule.kind}`}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                label={t('automations.card.delay')}
                extra={t('automations.card.delayRange', {
                  min: inDays ? limits.min / DAY : limits.min,
                  max: inDays ? limits.max / DAY : limits.max,
                  unit: inDays ? t('automations.card.delayDays') : t('automations.card.delayMinutes'),
                })}
              >
                <InputNumber
                  min={inDays ? limits.min / DAY : limits.min}
                  max={inDays ? limits.max / DAY : limits.max}
                  precision={0}
                  value={inDays ? value('delayMinutes') / DAY : value('delayMinutes')}
                  onChange={(v) => v !== null && edit({ delayMinutes: inDays ? v * DAY : v })}
                  suffix={inDays ? t('automations.card.delayDays') : t('automations.card.delayMinutes')}
                  style={{ width: 160 }}
                  data-testid={`auto-delay-${rule.kind}`}
                />
              </Form.Item>
              {rule.kind === 'urge-pay' && (
                <Form.Item label={t('automations.card.preClose')} extra={t('automations.card.preCloseHelp')}>
                  <Space>
                    <Switch
                      size="small"
                      checked={preClose !== null}
                      onChange={(on) => edit({ preCloseMinutes: on ? 120 : null })}
                      data-testid="auto-preclose-switch"
                    />
                    {preClose !== null && (
                      <InputNumber
                        min={PRE_CLOSE_LIMITS.min}
                        max={PRE_CLOSE_LIMITS.max}
                        precision={0}
                        value={preClose}
                        prefix={t('automations.card.preCloseBefore')}
                        suffix={t('automations.card.delayMinutes')}
                        onChange={(v) => v !== null && edit({ preCloseMinutes: v })}
                        style={{ width: 200 }}
                      />
                    )}
                  </Space>
                </Form.Item>
              )}
              {rule.kind === 'refund' && (
                <Form.Item label={t('automations.card.refundStates')}>
                  <Checkbox.Group
                    value={value('refundStates')}
                    options={REFUND_TRIGGERS.map((s) => ({ value: s, label: t(`automations.refundStates.${s}`) }))}
                    onChange={(states) => states.length > 0 && edit({ refundStates: states })}
                  />
                </Form.Item>
              )}
              <Form.Item
                label={t('automations.card.window')}
                validateStatus={sameEdges ? 'error' : undefined}
                help={sameEdges ? t('automations.card.windowSame') : undefined}
              >
                <Space wrap>
                  <TimePicker
                    format="HH:mm"
                    allowClear={false}
                    needConfirm={false}
                    value={timeValue(sendWindow.start)}
                    onChange={(d) => d && edit({ window: { ...sendWindow, start: d.format('HH:mm') } })}
                    data-testid={`auto-window-start-${rule.kind}`}
                  />
                  <span>–</span>
                  <TimePicker
                    format="HH:mm"
                    allowClear={false}
                    needConfirm={false}
                    value={timeValue(sendWindow.end)}
                    onChange={(d) => d && edit({ window: { ...sendWindow, end: d.format('HH:mm') } })}
                    data-testid={`auto-window-end-${rule.kind}`}
                  />
                </Space>
              </Form.Item>
              <Form.Item label={t('automations.card.outside')} extra={t(`automations.card.outsideHelp.${outside}`)}>
                <Radio.Group
                  value={outside}
                  options={OUTSIDE_WINDOW.map((o) => ({ value: o, label: t(`automations.card.outsideOptions.${o}`) }))}
                  onChange={(e) => edit({ outsideWindow: e.target.value as OutsideWindow })}
                  data-testid={`auto-outside-${rule.kind}`}
                />
              </Form.Item>
              <Space>
                <Button
                  type="primary"
                  disabled={!dirty || sameEdges}
                  loading={save.isPending}
                  onClick={() => void saveEdits()}
                  data-testid={`auto-save-${rule.kind}`}
                >
                  {t('automations.card.save')}
                </Button>
                {dirty && (
                  <>
                    <Button onClick={() => setEdits({})}>{t('common.cancel')}</Button>
                    <Typography.Text type="warning">{t('automations.card.unsaved')}</Typography.Text>
                  </>
                )}
              </Space>
            </Form>
          </Col>
          <Col xs={24} lg={10}>
            <Typography.Text strong>{t('automations.card.preview')}</Typography.Text>
            {content ? (
              <>
                <div className="jst-auto-phone">
                  <PhonePreview signName={sign} content={content} sampleValues={sampleOrderValues(content, picked?.sampleValues ?? {})} />
                </div>
                <Typography.Paragraph type="secondary" className="jst-auto-phone-note">
                  {t('automations.card.previewNote')}
                </Typography.Paragraph>
              </>
            ) : (
              <Typography.Paragraph type="secondary">{t('automations.card.previewEmpty')}</Typography.Paragraph>
            )}
          </Col>
        </Row>
      )}
      {enabling && (
        <EnableModal
          kind={rule.kind}
          onClose={() => setEnabling(false)}
          onConfirm={async (coverOpen) => {
            if (await persist({ kind: rule.kind, enabled: true, coverOpen })) {
              void message.success(t('automations.enable.enabled', { kind: kindName }));
              setEnabling(false);
            }
          }}
        />
      )}
    </Card>
  );
}
