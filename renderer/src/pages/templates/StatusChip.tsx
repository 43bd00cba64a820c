import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, CloudUploadOutlined, EditOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AuditState } from '../../../../shared/templates/contract';

const LOOK: Record<AuditState, { color: string; icon: React.ReactNode }> = {
  draft: { color: 'default', icon: <EditOutlined /> },
  queued: { color: 'warning', icon: <CloudUploadOutlined /> },
  pending: { color: 'processing', icon: <ClockCircleOutlined /> },
  approved: { color: 'success', icon: <CheckCircleOutlined /> },
  rejected: { color: 'error', icon: <CloseCircleOutlined /> },
  unknown: { color: 'orange', icon: <QuestionCircleOutlined /> },
};

/** 待提交 / 待联网提交 / 审核中 / 已通过 / 未通过 / 待核对 */
export function StatusChip({ status, testId = 'status-chip' }: { status: AuditState; testId?: string }) {
  const { t } = useTranslation();
  const look = LOOK[status];
  return (
    <Tag color={look.color} icon={look.icon} data-testid={testId} data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`templates.status.${status}`)}
    </Tag>
  );
}
