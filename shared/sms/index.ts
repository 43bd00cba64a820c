// SMS content rules shared by the renderer (live editor feedback) and main (validation before any API call).
// Pure TypeScript: no Node / DOM APIs; only zod (config schema). Sources: shared/spec/top-api.md §2.1, §2.3–2.5, §4, §5.

export * from './types';
export * from './rules';
export * from './config';
export { codePointCount, foldForMatch, scanCharacters, type CharIssue, type CharIssueKind, type FoldedText, type Range, type RareKind } from './text';
export * from './variables';
export * from './privacy';
export * from './links';
export * from './length';
export { lintTemplate, type TemplateInput, type TemplateReport } from './lint/template';
export { checkMessage, type MessageInput, type MessageReport } from './lint/message';
export { checkSendWindow } from './lint/send-window';
export * from './lint/signature';
export * from './template-code';
