import type { Rule } from 'antd/es/form';
import { urlOrigin, type SecretView } from '../../../../shared/settings/schema';

export const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

/** scheme://host[:port], or null when not a URL. MQ endpoints without a scheme are http (as main reads them). */
export const originOf = (value: string | undefined, defaultScheme = false): string | null => {
  const v = (value ?? '').trim();
  if (!v) return null;
  try {
    return urlOrigin(defaultScheme && !/^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? `http://${v}` : v);
  } catch {
    return null;
  }
};

/**
 * Mirrors main's rule (main enforces it): stored secrets stay with the origin they were entered for, so a new
 * origin needs them typed again. Rule for one secret field, given the saved address and the form's current one.
 */
export function rebindRule(view: SecretView, field: string, savedOrigin: string | null, message: string, mq = false): Rule {
  return ({ getFieldValue }) => ({
    validator: (_r, value: string | undefined) => {
      const next = originOf(getFieldValue(field) as string | undefined, mq);
      const changed = view.set && savedOrigin !== null && next !== null && next !== savedOrigin;
      return changed && !(value ?? '').trim() ? Promise.reject(new Error(message)) : Promise.resolve();
    },
  });
}

/** Empty secret inputs mean "keep what is stored"; only non-empty values are sent. */
export const secretOrUndefined = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);

/**
 * The Topic field is plain text, so whatever was typed is saved (no Enter needed): one or more topics separated by
 * commas (half- or full-width), semicolons or spaces; repeats dropped.
 */
export function splitTopics(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(/[\s,，;；、]+/).filter(Boolean))];
}

export const joinTopics = (topics: readonly string[]) => topics.join(', ');
