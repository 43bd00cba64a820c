import { LockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Spin, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { AppError } from '../../../shared/errors';
import type { VaultStatus } from '../../../shared/contract';
import { VAULT_RESET_PHRASES } from '../../../shared/vault-phrases';
import { errorText, useApi } from '../context';

// Only Electron with an unusable OS keychain shows this; its Result illustrations stay out of the first screen.
const VaultUnavailable = lazy(() => import('./VaultUnavailable').then((m) => ({ default: m.VaultUnavailable })));

/** Create / unlock the passphrase vault (browser host), or explain an unusable OS keychain (Electron). */
export function VaultGate({ status, onChanged }: { status: VaultStatus; onChanged: (s: VaultStatus) => void }) {
  const api = useApi();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [resetOpen, setResetOpen] = useState(false);

  const [form] = Form.useForm<{ passphrase: string; confirm?: string }>();
  const run = async (action: () => Promise<VaultStatus>) => {
    setBusy(true);
    try {
      onChanged(await action());
    } catch (error) {
      // A wrong or throttled passphrase is said once, under the field, and replaced on the next try (no stacked toasts).
      const inline = passphraseProblem(t, error);
      if (inline) form.setFields([{ name: 'passphrase', errors: [inline] }]);
      else void message.error(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };

  const resetDialog = (
    <ResetVaultModal
      open={resetOpen}
      onClose={() => setResetOpen(false)}
      onReset={(next) => {
        setResetOpen(false);
        void message.success(t('vault.resetDone'));
        onChanged(next);
      }}
    />
  );
  const resetLink = status.resettable && (
    <Button type="link" danger onClick={() => setResetOpen(true)} data-testid="vault-reset">
      {t('vault.resetLink')}
    </Button>
  );

  if (status.state === 'unavailable')
    return (
      <Suspense fallback={<Spin fullscreen />}>
        <VaultUnavailable
          status={status}
          busy={busy}
          onAllowPlainText={() => void run(() => api.call('vault.allowPlainText', { confirm: true }))}
          resetLink={resetLink}
        />
        {resetDialog}
      </Suspense>
    );

  const creating = status.state === 'uninitialized';
  return (
    <div style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', minHeight: '100vh', background: '#f5f5f5' }}>
      {/* A plain panel, not antd Card: Card brings Tabs and Skeleton into the first screen's JavaScript. */}
      <section className="vault-panel">
        <Typography.Title level={5} className="vault-panel-title">
          <LockOutlined /> {t(creating ? 'vault.createTitle' : 'vault.unlockTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t(creating ? 'vault.createIntro' : 'vault.unlockIntro')}</Typography.Paragraph>
        {/* Receiving needs the MQ keys, which the passphrase encrypts: say plainly that it is paused. */}
        {!creating && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('inbox.lockedPaused')}
            description={t('inbox.settings.locked')}
            data-testid="vault-locked-paused"
          />
        )}
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={(values: { passphrase: string }) =>
            void run(() =>
              creating ? api.call('vault.create', { passphrase: values.passphrase }) : api.call('vault.unlock', { passphrase: values.passphrase }),
            )
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
                  validator: (_rule, value) =>
                    value === getFieldValue('passphrase') ? Promise.resolve() : Promise.reject(new Error(t('vault.passphraseMismatch'))),
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
        {!creating && <div style={{ marginTop: 12, textAlign: 'center' }}>{resetLink}</div>}
      </section>
      {resetDialog}
    </div>
  );
}

/** The one message for a refused passphrase, or null when the error is about something else. */
function passphraseProblem(t: TFunction, error: unknown): string | null {
  if (!(error instanceof AppError)) return null;
  if (error.code === 'WRONG_PASSPHRASE') return t('vault.wrongPassphrase');
  const seconds = error.detail?.retryAfterSeconds;
  if (error.code === 'FORBIDDEN' && typeof seconds === 'number') return t('vault.tooManyAttempts', { count: seconds });
  return null;
}

/** 重置保险箱: the seller types the phrase; only the secrets go (templates, history and settings stay). */
function ResetVaultModal({ open, onClose, onReset }: { open: boolean; onClose: () => void; onReset: (s: VaultStatus) => void }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const phrase = VAULT_RESET_PHRASES[i18n.language === 'en' ? 'en' : 'zh-CN'];
  const close = () => {
    setTyped('');
    onClose();
  };
  const reset = async () => {
    setBusy(true);
    try {
      const next = await api.call('vault.reset', { confirmation: phrase });
      setTyped('');
      onReset(next);
    } catch (error) {
      void message.error(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('vault.resetTitle')}
      onCancel={close}
      onOk={() => void reset()}
      okText={t('vault.resetConfirm')}
      okButtonProps={{ danger: true, disabled: typed.trim() !== phrase, loading: busy, ...{ 'data-testid': 'vault-reset-confirm' } }}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('vault.resetBody')}</Typography.Paragraph>
      <Typography.Paragraph strong>{t('vault.resetTypeToConfirm', { phrase })}</Typography.Paragraph>
      <Input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={phrase} autoComplete="off" data-testid="vault-reset-phrase" />
    </Modal>
  );
}
