import { renderTemplate } from '../../../shared/sms';

function parseObject(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The SMS as the recipient got it: 【签名】 + the template snapshot rendered with the campaign's constants, the
 * short link for ${url} and the recipient's own values (its columns win, as in the send).
 */
export function renderSentText(input: { content: string; signName: string; constants: string | null; vars: string | null; shortUrl: string | null }): string {
  const values = { ...(input.shortUrl ? { url: input.shortUrl } : {}), ...parseObject(input.constants), ...parseObject(input.vars) };
  const body = renderTemplate(input.content, values).text;
  return input.signName ? `【${input.signName}】${body}` : body;
}
