import type { Language } from '../settings/schema';

// Kept apart from shared/settings/schema.ts (zod schemas) so the unlock screen does not pull zod into the first chunk.
/** What the seller types to confirm 重置保险箱, per interface language (the contract accepts either). */
export const VAULT_RESET_PHRASES: Readonly<Record<Language, string>> = { 'zh-CN': '重置保险箱', en: 'RESET' };
