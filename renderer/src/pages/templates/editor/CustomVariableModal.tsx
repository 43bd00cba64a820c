import { Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VARIABLE_NAME } from './draft';

/** Asks for a custom variable name (letters first, then letters, digits, _) and inserts ${name}. */
export function CustomVariableModal({ open, onClose, onInsert }: { open: boolean; onClose(): void; onInsert(name: string): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  return (
    <Modal
      open={open}
      title={t('templates.variables.customTitle')}
      okText={t('templates.variables.insertOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !VARIABLE_NAME.test(name) }}
      onCancel={onClose}
      onOk={() => {
        onInsert(name);
        setName('');
      }}
      destroyOnHidden
    >
      <Input
        value={name}
        onChange={(e) => setName(e.target.value.trim())}
        placeholder="orderAmount"
        status={name && !VARIABLE_NAME.test(name) ? 'error' : undefined}
        autoFocus
        data-testid="custom-variable-name"
      />
      <div className="jst-muted" style={{ marginTop: 8 }}>
        {t('templates.variables.customHelp')}
      </div>
    </Modal>
  );
}
