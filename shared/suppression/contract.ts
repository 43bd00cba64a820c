import { z } from 'zod';
import { NoInput, pageInput, request, short, type FilePayload, type Page } from '../contract-kit';
import { MAX_PASTE_CHARS, RecipientSource } from '../recipients/contract';

// The per-shop do-not-send list (免打扰名单): typed by the seller, imported, or fed by the inbox and delivery reports.
// Every send re-checks it before each call.

/** report: added automatically from delivery reports (空号 / carrier blacklist, settings.history.autoExclude). */
export type SuppressionSource = 'manual' | 'reply' | 'import' | 'report';
/**
 * optout (退订): the buyer opted out of marketing; blocks marketing only, unless settings.sending.optOutBlocksAll.
 * block (拉黑): the seller's block; blocks every send. A block replaces an opt-out, never the other way round.
 */
export const SUPPRESSION_REASONS = ['optout', 'block'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];
/** What is being sent: marketing (template type 2) or a service message (notices, codes; also "not known yet"). */
export type SendScope = 'marketing' | 'service';
/** Every non-blank data row counts once: rows = added + already + invalid. */
export interface SuppressionImportResult {
  rows: number;
  added: number;
  /** Already on the list, or repeated in the file. */
  already: number;
  invalid: number;
  /** The first few invalid cells as found. */
  invalidSamples: string[];
}
export interface SuppressionEntry {
  phone: string;
  reason: SuppressionReason;
  source: SuppressionSource;
  /** replies.id when the entry came from an opt-out reply. */
  replyId: number | null;
  note: string;
  createdAt: string;
}
export interface SuppressionPolicy {
  optOutBlocksAll: boolean;
}
export interface SuppressionAddResult {
  added: number;
  already: number;
  /** Entries that are not mainland mobile numbers, as typed (first 100). */
  invalid: string[];
}
export interface SuppressionChangedEvent {
  source: SuppressionSource | 'remove';
  phones: string[];
}

export const suppressionRequests = {
  'suppression.list': request<Page<SuppressionEntry>>()(z.object({ search: short(32).optional(), ...pageInput(500) }).strict()),
  /** Paste many (same separators as the recipient paste box). */
  'suppression.add': request<SuppressionAddResult>()(
    z.object({ text: z.string().max(MAX_PASTE_CHARS), reason: z.enum(SUPPRESSION_REASONS), note: short(200).optional() }).strict(),
  ),
  'suppression.remove': request<{ removed: number }>()(z.object({ phones: z.array(short(96).min(1)).min(1).max(1000), confirm: z.literal(true) }).strict()),
  'suppression.export': request<FilePayload>()(NoInput),
  /** Whether 退订 also blocks service notices (settings.sending.optOutBlocksAll; off by default). */
  'suppression.policy': request<SuppressionPolicy>()(NoInput),
  'suppression.setPolicy': request<SuppressionPolicy>()(z.object({ optOutBlocksAll: z.boolean() }).strict()),
  /** A blacklist file (uploaded through uploads.*) or pasted text into the list; the phone column and header are detected unless given. */
  'suppression.import': request<SuppressionImportResult>()(
    z.object({ source: RecipientSource, hasHeader: z.boolean().optional(), phoneColumn: z.number().int().min(0).max(999).optional() }).strict(),
  ),
} as const;

export const suppressionEvents = {
  'suppression.changed': z.custom<SuppressionChangedEvent>(),
} as const;
