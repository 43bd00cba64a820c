import { useTranslation } from 'react-i18next';
import { renderTemplate, signatureBlock, splitSegments } from '../../../../shared/sms';

/**
 * A handset's message thread (小太阳CRM-style preview): 【签名】 plus the template rendered with the sample values,
 * masked as the platform masks them (order ids, nicks…). Missing values stay visible as ${name}.
 */
export function PhonePreview({ signName, content, sampleValues }: { signName: string; content: string; sampleValues: Record<string, string> }) {
  const { t } = useTranslation();
  const rendered = renderTemplate(content, sampleValues, { mask: true });
  const block = signatureBlock(signName);
  const segments = splitSegments(block + rendered.text).length;
  return (
    <div className="jst-phone" data-testid="phone-preview">
      <div className="jst-phone-notch" />
      <div className="jst-phone-header">
        <div className="jst-phone-avatar">{signName ? [...signName][0] : '?'}</div>
        <div>
          <div className="jst-phone-sender">106 9*** ****</div>
          <div className="jst-phone-sub">{t('templates.preview.sms')}</div>
        </div>
      </div>
      <div className="jst-phone-body">
        <div className="jst-phone-time">{t('templates.preview.now')}</div>
        {content.trim() === '' ? (
          <div className="jst-phone-empty">{t('templates.preview.empty')}</div>
        ) : (
          <div className="jst-phone-bubble" data-testid="phone-bubble">
            {block ? <span className="jst-phone-sign">{block}</span> : <span className="jst-phone-nosign">{t('templates.preview.noSignature')}</span>}
            {rendered.parts.map((part, i) =>
              part.kind === 'text' ? (
                <span key={i}>{part.text}</span>
              ) : (
                <span key={i} className={part.missing ? 'jst-var jst-var-missing' : 'jst-var'} title={part.masked ? t('templates.preview.masked') : undefined}>
                  {part.text}
                </span>
              ),
            )}
          </div>
        )}
        {segments > 1 && <div className="jst-phone-segments">{t('templates.preview.segments', { count: segments })}</div>}
      </div>
    </div>
  );
}
