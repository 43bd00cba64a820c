import { ExperimentOutlined, ShopOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useEnterDemo } from '../components/DemoMode';
import { useApiQuery } from '../query';

/** First screen after the vault for a seller who has not connected a shop: set up, or try the demo. */
export function WelcomePage({ onConnect }: { onConnect: () => void }) {
  const { t } = useTranslation();
  const demo = useApiQuery('demo.status');
  const { enter, entering, error } = useEnterDemo();
  return (
    <div className="welcome" data-testid="welcome">
      <Typography.Title level={3}>{t('demo.welcomeTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('demo.welcomeIntro')}</Typography.Paragraph>
      {error && <Alert data-testid="welcome-demo-error" type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Card
            title={
              <>
                <ShopOutlined /> {t('demo.connectTitle')}
              </>
            }
            className="welcome-card"
          >
            <Typography.Paragraph>{t('demo.connectBody')}</Typography.Paragraph>
            <Button type="primary" data-testid="welcome-connect" onClick={onConnect}>
              {t('demo.connectAction')}
            </Button>
          </Card>
        </Col>
        {demo.data?.available && (
          <Col xs={24} md={12}>
            <Card
              title={
                <>
                  <ExperimentOutlined /> {t('demo.demoTitle')}
                </>
              }
              className="welcome-card"
            >
              <Typography.Paragraph>{t('demo.demoBody')}</Typography.Paragraph>
              <Typography.Paragraph type="secondary">{t('demo.demoSeparate')}</Typography.Paragraph>
              <Button data-testid="welcome-demo" loading={entering} onClick={enter}>
                {entering ? t('demo.entering') : t('demo.demoAction')}
              </Button>
            </Card>
          </Col>
        )}
      </Row>
    </div>
  );
}
