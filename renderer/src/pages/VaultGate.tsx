import { LockOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VaultStatus } from '../../../shared/contract';
import { errorText, useApi } from '../context';

/** Create / unlock the passphrase vault (browser host), or explain an unusable OS keychain (Electron). */
export function VaultGate({ status, onChanged }: { status: VaultStatus; onChanged: (s: VaultStatus) => void }) {
  const api = useApi();
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<VaultStatus>) => {
    setBusy(true);
    try {
      onChanged(await action());
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };

  if (status.state === 'unavailable') {
    return (
      <Result
        status="warning"
        title={t('vault.unavailableTitle')}
        subTitle={status.reason}
        extra={
          status.osBackend === 'basic_text' && (
            <Button
              danger
              onClick={() =>
                modal.confirm({
                  title: t('vault.plainTextConfirmTitle'),
                  content: t('vault.plainTextConfirmBody'),
                  okButtonProps: { danger: true },
                  onOk: () => run(() => api.call('vault.allowPlainText', { confirm: true })),
                })
              }
            >
              {t('vault.plainTextOptIn')}
            </Button>
          )
        }
      />
    );
  }

  const creating = status.state === 'uninitialized';
  return (
    <div style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', minHeight: '100vh', background: '#f5f5f5' }}>
      <Card style={{ width: 420 }} title={<><LockOutlined /> {t(creating ? 'vault.createTitle' : 'vault.unlockTitle')}</>}>
        <Typography.Paragraph type="secondary">{t(creating ? 'vault.createIntro' : 'vault.unlockIntro')}</Typography.Paragraph>
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={(values: { passphrase: string }) =>
            run(() => (creating ? api.call('vault.create', { passphrase: values.passphrase }) : api.call('vault.unlock', { passphrase: values.passphrase })))
          }
        >
          <Form.Item
            name="passphrase"
            label={t('vault.passphrase')}
            rules={[{ required: true, message: t('vault.passphraseRequired') }, ...(creating ? [{ min: 8, message: t('vault.passphraseTooShort') }] : [])]}
          >
            <Input.Password autoFocus autoComplete={creating ? 'new-password' : 'current-password'} data-testid="vault-passphrase" />
          </Form.Item>
          {creating && (
            <Form.Item
              name="confirm"
              label={t('vault.confirm')}
              dependencies={['passphrase']}
              rules={[
                { required: true, message: t('vault.passphraseRequired') },
                ({ getFieldValue }) => ({
                  validator: (_rule, value) => (value === getFieldValue('passphrase') ? Promise.resolve() : Promise.reject(new Error(t('vault.passphraseMismatch')))),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="vault-confirm" />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="vault-submit">
            {t(creating ? 'vault.create' : 'vault.unlock')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
