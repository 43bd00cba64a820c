// Error shape shared by both transports. Plain data so it survives IPC and JSON.
export const ERROR_CODES = [
  'BAD_REQUEST', // payload failed the contract's schema
  'UNKNOWN_METHOD',
  'FORBIDDEN', // untrusted sender, bad token, foreign origin
  'VAULT_LOCKED',
  'VAULT_UNINITIALIZED',
  'VAULT_UNAVAILABLE', // OS encryption missing or insecure (Linux basic_text) without opt-in
  'WRONG_PASSPHRASE',
  'VAULT_CORRUPT',
  'NOT_CONFIGURED',
  'TOP_ERROR',
  'MQ_ERROR',
  'NETWORK',
  'CONFLICT',
  'NOT_FOUND',
  'STORAGE', // the disk is full or the profile cannot be written
  'PROFILE_DAMAGED', // the database or settings file cannot be read (start-up)
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorIssue {
  path: string;
  message: string;
}

export interface ApiErrorData {
  code: ErrorCode;
  message: string;
  issues?: ErrorIssue[];
  /** Extra machine-readable detail (e.g. a TOP error code); never secrets. */
  detail?: Record<string, string | number | boolean | null>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues?: ErrorIssue[];
  readonly detail?: ApiErrorData['detail'];

  constructor(code: ErrorCode, message: string, extra: { issues?: ErrorIssue[]; detail?: ApiErrorData['detail']; cause?: unknown } = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'AppError';
    this.code = code;
    this.issues = extra.issues;
    this.detail = extra.detail;
  }

  toData(): ApiErrorData {
    const data: ApiErrorData = { code: this.code, message: this.message };
    if (this.issues) data.issues = this.issues;
    if (this.detail) data.detail = this.detail;
    return data;
  }

  static fromData(data: ApiErrorData): AppError {
    return new AppError(data.code, data.message, { issues: data.issues, detail: data.detail });
  }
}

export type Envelope<R> = { ok: true; result: R } | { ok: false; error: ApiErrorData };
