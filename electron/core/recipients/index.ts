export { type OpenedSource, type RowBatch } from './opened-source';
// Recipients (issue 9): uploads, readers (CSV/TXT/XLSX, paste), inspection, import, export of rows.
export { UploadStore, uploadStore } from './uploads';
export { openSource, type AnySource } from './source';
export { inspectSource, looksLikeHeader, type InspectOptions } from './inspect';
export {
  importRecipients,
  deleteRecipients,
  recoverInterruptedImports,
  isImportRunning,
  type ImportRequest,
  type ImportSummary,
  type ImportContext,
} from './import';
export { exportRecipientRows, RECIPIENT_STATUS_LABEL } from './export';
