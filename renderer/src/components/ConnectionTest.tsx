import { Alert, Button, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionTestResult } from '../../../shared/contract';
import { errorText, useApi } from '../context';

/** 测试连接: checks the SAVED settings through the real client, so the seller saves first. */
export function ConnectionTest({ target, disabled }: { target: 'top' | 'mq'; disabled: boolean }) {
  const api = useApi();
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult>();

  const run = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      setResult(target === 'top' ? await api.call('setup.testTop') : await api.call('setup.testMq'));
    } catch (error) {
      setResult({ ok: false, message: errorText(t, error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Tooltip title={disabled ? t(target === 'top' ? 'setup.incompleteTop' : 'setup.incompleteMq') : undefined}>
        <Button onClick={() => void run()} loading={busy} disabled={disabled} data-testid={`${target}-test`}>
          {t('setup.testConnection')}
        </Button>
      </Tooltip>
      {result && (
        <Alert
          style={{ marginTop: 12 }}
          type={result.ok ? 'success' : 'error'}
          showIcon
          message={result.ok ? t('setup.testOk') : t('setup.testFailed')}
          description={result.message}
          data-testid={`${target}-test-result`}
        />
      )}
    </>
  );
}
