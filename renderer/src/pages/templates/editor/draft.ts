import type { TemplateView } from '../../../../../shared/templates/contract';

/** The fields the seller edits (autosaved as a draft). */
export type DraftForm = Pick<TemplateView, 'name' | 'type' | 'typeClass' | 'content' | 'remark' | 'sampleValues' | 'previewSignName'>;

export type SaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'error';

export const AUTOSAVE_MS = 800;
export const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Variables sellers use most (names match shared/sms privacy and length rules). */
export const COMMON_VARIABLES = ['buyerNick', 'receiverName', 'tid', 'outSid', 'company', 'url', 'code'] as const;
export const UNSUBSCRIBE_TEXT = '回T退订';

/** Appends the opt-out text at the end (lint wants it last), after a comma unless the text already ends a clause. */
export function withOptOut(content: string): string {
  const trimmed = content.replace(/\s+$/, '');
  return trimmed === '' || /[，。！？,.!?；;]$/.test(trimmed) ? trimmed + UNSUBSCRIBE_TEXT : `${trimmed}，${UNSUBSCRIBE_TEXT}`;
}

export function formOf(view: TemplateView): DraftForm {
  return {
    name: view.name,
    type: view.type,
    typeClass: view.typeClass,
    content: view.content,
    remark: view.remark,
    sampleValues: view.sampleValues,
    previewSignName: view.previewSignName,
  };
}
