import { useTranslation } from 'react-i18next';
import { privacyNotes, renderTemplate, signatureBlock, splitSegments } from '../../../../shared/sms';

/**
 * A handset's message thread (小太阳CRM-style preview): 【签名】 plus the template rendered with the values as they are
 * submitted (the same text the pre-send check and the inbox show). Values the platform wants masked (order ids,
 * nicks, item info) are underlined and listed under the bubble with their masked form. Missing values stay ${name}.
 */
export function PhonePreview({ signName, content, sampleValues }: { signName: string; content: string; sampleValues: Record<string, string> }) {
  const { t } = useTranslation();
  const rendered = renderTemplate(content, sampleValues);
  const notes = privacyNotes(rendered.parts);
  const privateNames = new Set(notes.map((n) => n.name));
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
                <span
                  key={i}
                  className={part.missing ? 'jst-var jst-var-missing' : privateNames.has(part.name ?? '') ? 'jst-var jst-var-private' : 'jst-var'}
                  title={privateNames.has(part.name ?? '') ? t('templates.preview.masked') : undefined}
                >
                  {part.text}
                </span>
              ),
            )}
          </div>
        )}
        {notes.length > 0 && (
          <div className="jst-phone-mask-note" data-testid="preview-mask-note">
            {t('templates.preview.maskNote')}
            {notes.map((n) => (
              <div key={n.name}>
                <bdi>{`\${${n.name}}`}</bdi>：{n.value} → {n.masked}
              </div>
            ))}
          </div>
        )}
        {segments > 1 && <div className="jst-phone-segments">{t('templates.preview.segments', { count: segments })}</div>}
      </div>
    </div>
  );
}
