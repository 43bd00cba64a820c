import { Alert } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionTestResult } from '../../../shared/settings/contract';
import { errorText, useApi } from '../context';

export type ConnectionTarget = 'top' | 'mq';

/** Main's messages start with their own verdict ("连接失败：…"); the headline already says it, so it is shown once. */
export function testDetail(message: string): string {
  return message.replace(/^\s*连接(?:成功|失败)\s*[：:]\s*/, '');
}

/** 测试连接 through the real client, on the SAVED settings; never throws. */
export function useConnectionTest(target: ConnectionTarget) {
  const api = useApi();
  const { t } = useTranslation();
  const [result, setResult] = useState<ConnectionTestResult>();
  const run = useCallback(async () => {
    setResult(undefined);
    try {
      setResult(target === 'top' ? await api.call('setup.testTop') : await api.call('setup.testMq'));
    } catch (error) {
      setResult({ ok: false, message: errorText(t, error) });
    }
  }, [api, t, target]);
  return { result, run, clear: () => setResult(undefined) };
}

/** The one result of the last test: a verdict headline and main's explanation under it. */
export function ConnectionTestAlert({ target, result }: { target: ConnectionTarget; result: ConnectionTestResult }) {
  const { t, i18n } = useTranslation();
  // Main explains in Chinese; other languages also get the cause by its category.
  const cause =
    !result.ok && result.category && i18n.language !== 'zh-CN'
      ? t(target === 'mq' ? `status.reasons.${result.category}` : `setup.testCategory.${result.category}`, { defaultValue: '' })
      : '';
  const verdict = result.ok ? t('setup.testOk') : t('setup.testFailed');
  return (
    <Alert
      style={{ marginTop: 12 }}
      type={result.ok ? 'success' : 'error'}
      showIcon
      title={cause ? t('common.labelled', { label: verdict, value: cause }) : verdict}
      description={testDetail(result.message)}
      data-testid={`${target}-test-result`}
    />
  );
}
