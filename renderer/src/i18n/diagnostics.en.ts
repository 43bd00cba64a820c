// English for diagnostics.ts (typed against its zh-CN strings); loaded only when the seller picks English.
import type { diagnosticsZh } from './diagnostics';
import type { Widen } from './widen';

export const diagnosticsEn: Widen<typeof diagnosticsZh> = {
  title: 'Diagnostics: unrecognised pushed messages',
  intro:
    'These messages could not be parsed or classified as a delivery report or a reply. They were acknowledged (so they are not pushed again) and kept verbatim here for troubleshooting.',
  reload: 'Reload',
  empty: 'No unrecognised messages',
  receivedAt: 'Received',
  tag: 'Topic / Tag',
  reason: 'Reason',
  body: 'Body (verbatim)',
  kinds: { report: 'a delivery report', reply: 'a reply', order: 'an order message', other: 'another message' },
  signals: { topic: 'topic', tag: 'tag', envelope: 'envelope topic' },
  reasons: {
    'too-large': 'Body too large ({{bytes}} bytes, limit {{limit}}): not parsed; only the first {{limit}} bytes were kept.',
    'body-empty': 'The body is empty.',
    'body-not-json': 'The body is not JSON ({{detail}}).',
    'body-array': 'The body is a JSON array, not a single report or reply.',
    'body-not-object': 'The body is not a JSON object.',
    'envelope-content-empty': 'The envelope has an empty content field.',
    'envelope-content-not-json': "The envelope's content is not JSON ({{detail}}).",
    'envelope-content-not-object': "The envelope's content is not a JSON object.",
    'classification-conflict': 'Conflicting signals: {{firstBy}} {{first}} means {{firstKind}}, but {{secondBy}} {{second}} means {{secondKind}}.',
    'unknown-envelope-topic': 'Unknown envelope topic: {{topic}}',
    'unrecognised-tag': 'Unrecognised message (tag {{tag}}).',
    unrecognised: 'Unrecognised message: neither a delivery report nor a reply.',
    'field-missing': 'Invalid {{kind}}: {{field}} is missing',
    'field-empty': 'Invalid {{kind}}: {{field}} is empty',
    'field-type': 'Invalid {{kind}}: {{field}} has the wrong type',
    'order-topic-unsupported': 'Order message topic not supported: {{topic}}',
    'order-other-seller': "The order message belongs to another seller ({{seller}}); this shop's seller nick is {{expected}}. It was not mixed in.",
  },
};
