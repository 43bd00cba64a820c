import { SettingOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouteDetail, type Navigate } from '../../routing/routes';
import { InboxSettingsDrawer } from './InboxSettingsDrawer';
import { ThreadList } from './ThreadList';
import { ThreadView } from './ThreadView';
import { UNREAD_THREADS } from './unread-route';
import './inbox.css';

/** 收件箱: thread list on the left, the open thread (#/inbox/<phone>) on the right; #/inbox/unread lists the unread threads. */
export function InboxPage({ navigate }: { navigate: Navigate }) {
  const { t } = useTranslation();
  const detail = useRouteDetail();
  const unreadOnly = detail === UNREAD_THREADS;
  const phone = unreadOnly ? null : detail;
  const [settingsOpen, setSettingsOpen] = useState(false);
  return (
    <div className="inbox-page" data-testid="inbox-page">
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('inbox.title')}
        </Typography.Title>
        <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} data-testid="inbox-settings">
          {t('inbox.actions.settings')}
        </Button>
      </Space>
      <div className="inbox-layout">
        <ThreadList selected={phone} onOpen={(p) => navigate('inbox', p)} showFilter={unreadOnly ? 'unread' : undefined} />
        {phone ? (
          <ThreadView key={phone} phone={phone} />
        ) : (
          <div className="inbox-thread">
            <Empty style={{ marginTop: 96 }} description={t('inbox.pick')} />
          </div>
        )}
      </div>
      <InboxSettingsDrawer open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </div>
  );
}
