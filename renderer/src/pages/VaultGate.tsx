import { LockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Modal, Spin, Typography } from 'antd';
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { AppError } from '../../../shared/errors';
import type { VaultStatus } from '../../../shared/vault/contract';
import { VAULT_RESET_PHRASES } from '../../../shared/vault/phrases';
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

  const creating = status.state === 'uninitialized';
  const [values, setValues] = useState<PassphraseValues>({ passphrase: '', confirm: '' });
  const [errors, setErrors] = useState<PassphraseErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const check = (next: PassphraseValues): PassphraseErrors => {
    const found: PassphraseErrors = {};
    if (!next.passphrase) found.passphrase = t('vault.passphraseRequired');
    else if (creating && next.passphrase.length < 8) found.passphrase = t('vault.passphraseTooShort');
    if (creating && !next.confirm) found.confirm = t('vault.passphraseRequired');
    else if (creating && next.confirm !== next.passphrase) found.confirm = t('vault.passphraseMismatch');
    return found;
  };
  // Checked on submit, then live while the seller corrects (a refusal from main is replaced on the next keystroke).
  const change = (field: keyof PassphraseValues, value: string) => {
    const next = { ...values, [field]: value };
    setValues(next);
    setErrors(submitted ? check(next) : {});
  };
  const run = async (action: () => Promise<VaultStatus>) => {
    setBusy(true);
    try {
      onChanged(await action());
    } catch (error) {
      // A wrong or throttled passphrase is said once, under the field, and replaced on the next try (no stacked toasts).
      const inline = passphraseProblem(t, error);
      if (inline) setErrors({ passphrase: inline });
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

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const found = check(values);
    setErrors(found);
    if (found.passphrase || found.confirm) return;
    const passphrase = values.passphrase;
    void run(() => (creating ? api.call('vault.create', { passphrase }) : api.call('vault.unlock', { passphrase })));
  };
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
        {/* A plain form, not antd Form: its field store and async-validator would weigh on the first screen. */}
        <form noValidate onSubmit={submit}>
          <PassphraseField
            id="vault-passphrase"
            label={t('vault.passphrase')}
            value={values.passphrase}
            error={errors.passphrase}
            onChange={(value) => change('passphrase', value)}
            autoFocus
            autoComplete={creating ? 'new-password' : 'current-password'}
          />
          {creating && (
            <PassphraseField
              id="vault-confirm"
              label={t('vault.confirm')}
              value={values.confirm}
              error={errors.confirm}
              onChange={(value) => change('confirm', value)}
              autoComplete="new-password"
            />
          )}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="vault-submit">
            {t(creating ? 'vault.create' : 'vault.unlock')}
          </Button>
        </form>
        {!creating && <div style={{ marginTop: 12, textAlign: 'center' }}>{resetLink}</div>}
      </section>
      {resetDialog}
    </div>
  );
}

interface PassphraseValues {
  passphrase: string;
  confirm: string;
}
type PassphraseErrors = Partial<Record<keyof PassphraseValues, string>>;

function PassphraseField(props: {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  autoFocus?: boolean;
  autoComplete: string;
}) {
  const { id, label, value, error, onChange, autoFocus, autoComplete } = props;
  return (
    <div className="vault-field">
      <label htmlFor={id}>{label}</label>
      <Input.Password
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        status={error ? 'error' : undefined}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
        autoFocus={autoFocus}
        autoComplete={autoComplete}
        data-testid={id}
      />
      {error && (
        <div id={`${id}-error`} role="alert" className="vault-field-error">
          {error}
        </div>
      )}
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
