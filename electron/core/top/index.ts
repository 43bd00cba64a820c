// Public surface of the TOP client. Feature modules use createTopService; the CLI and tests may build a TopClient directly.
export { createTopService, CONNECTION_PROBE, type TopService, type TopServiceOptions } from './service';
export {
  TopClient,
  DEFAULT_RETRY_POLICY,
  type TopClientOptions,
  type RetryPolicy,
  type CallOptions,
  type AttemptOutcome,
  type AuditStatus,
  type TemplateInfo,
  type SignNameInfo,
  type BatchSendResult,
  type ShortUrlInfo,
  type DeliveryStatus,
  type SmsRecord,
  type SmsNumPage,
} from './client';
export { TopError, isTopError, parseBanSeconds, type TopErrorKind, type TopOutcome, type TopErrorCategory } from './errors';
export { TOP_METHODS, apiInfo, responseKey } from './apis';
export { RateLimiter, sharedRateLimiter, RATE_HEADROOM } from './limiter';
export { systemClock, type Clock } from '../clock';
export {
  topTimestamp,
  signParams,
  signatureBaseString,
  encodeParamValue,
  encodeBusinessParams,
  signRequest,
  formEncode,
  type TopParams,
  type TopParamValue,
} from './request';
export { parseJsonLossless } from './json';
export { createAxiosTransport, TransportFailure, type TopTransport, type TransportResponse } from './transport';
export * from './schemas';
