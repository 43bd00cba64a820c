import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Broker, type Counters, type Delivery, type SimMessage } from './broker';
import {
  beijingTime,
  reportFields,
  replyFields,
  tagFor,
  tmcBody,
  wrapBody,
  REPLY_TOPIC,
  REPORT_TOPIC,
  type BodyFormat,
  type ReplyFields,
  type ReportFields,
  type TagStyle,
  type TmcFormat,
} from './bodies';
import { controlRefusal } from '../control-guard';
import { FaultPlan, type FaultRule, type Operation } from './faults';
import { contentMd5Matches, sign, signaturesEqual, stringToSign } from './signature';
import { ackErrorsXml, element, errorXml, parseXml, XML_NS_RESPONSE, XmlSyntaxError, type XmlElement } from './xml';

// A strict Alibaba Cloud RocketMQ (ONS) HTTP endpoint for the official @aliyunmq/mq-http-sdk, built from
// shared/spec/mq-http.md. Every [INF] choice of the spec is an option here.

export const DEMO_INSTANCE_ID = 'MQ_INST_1234567890123456_BXsimJst';
export const DEMO_TOPIC = 'jst_sms_push';
export const DEMO_GROUP = 'GID_jst_sms_desk';
export const DEMO_ACCESS_KEY_ID = 'LTAI5tSimulatorDemoKey';
export const DEMO_ACCESS_KEY_SECRET = 'SimulatorDemoSecret0123456789abc';

const MQ_VERSION = '2015-06-06';
const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Timer/transactional messages are limited to 64 KB (Limits doc). */
const MAX_TIMER_BODY_BYTES = 64 * 1024;
const CLOCK_SKEW_MS = 15 * 60_000;

export interface MqSimulatorOptions {
  host?: string;
  /** When set, control requests must carry it in X-Sim-Token (demo mode sets a random one). */
  controlToken?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** '' simulates a legacy default instance, which must be called without ns. */
  instanceId?: string;
  topics?: string[];
  groups?: string[];
  credentials?: Array<{ accessKeyId: string; accessKeySecret: string }>;
  /** NextConsumeTime - delivery time. Real service: 5 min. */
  invisibilityMs?: number;
  /** Redeliveries before dead-lettering (real service: 288). */
  maxRetries?: number;
  tagMismatch?: 'filter' | 'keep';
  doubleAck?: 'error' | 'ok';
  /** How an ack with an expired handle is refused; unverified in the spec, default an <Errors> item. */
  expiredAck?: 'errors-item' | 'error';
  /** Node closes idle keep-alive sockets after this; default 65 s so the client's idle gaps never race it. */
  keepAliveTimeoutMs?: number;
  /** Shifts the server clock (TimeExpired tests). */
  clockOffsetMs?: number;
  /** All SDKs send x-mq-version: 2015-06-06; the simulator insists on it by default. */
  requireVersionHeader?: boolean;
  /** Body form and tag of the report/reply helpers. */
  bodyFormat?: BodyFormat;
  tagStyle?: TagStyle;
  /** Topics the report/reply helpers publish to (default: first topic; replies: second topic if any). */
  reportTopic?: string;
  replyTopic?: string;
  /** Outcome of reportForSend per phone; default delivered. */
  deliveryOutcome?: (send: SendForReport, phone: string) => { state: '1' | '2'; errCode: string };
}

/** What the TOP simulator's send hook hands over for each accepted send. */
export interface SendForReport {
  bizId: string;
  phone: string | string[];
  templateCode?: string;
  signName?: string;
  content?: string;
  sentAt?: Date | number | string;
  taskSign?: string;
  /** One extension code per phone, or one for all; echoed as the report's `extend` [INF]. */
  extendNum?: string | string[];
  /** An OAID send (phone ''): the report has no `receiver`; `out_id` = the order id [INF]. */
  oaid?: string;
  orderId?: string;
  /** The outcome the TOP simulator decided for the send, so reports and num.query agree. */
  delivery?: { delivered: boolean; resultCode: string };
}

export interface PublishOptions {
  topic?: string;
  tag?: string;
  properties?: Record<string, string>;
  /** Timer message: deliver no earlier than this epoch ms. */
  startDeliverTime?: number;
}

export interface HelperOptions {
  topic?: string;
  tag?: string;
  format?: BodyFormat;
  delayMs?: number;
}

export interface TmcPublishOptions {
  /** Default 'raw' (body = content JSON). */
  format?: TmcFormat;
  /** MessageTag; default the TMC topic; null or '' = no tag (then a raw body carries `topic`). */
  tag?: string | null;
  /** Envelope user_nick. Default 张三男装淘宝店. */
  sellerNick?: string;
  /** Envelope user_id. Default 2206512345678. */
  userId?: number;
  /** Envelope pub_time (epoch ms). Default now. */
  pubTime?: number;
  /** RocketMQ topic to publish to. Default the first topic (the seller's). */
  mqTopic?: string;
}

export interface PublishedMessage {
  messageId: string;
  topic: string;
  tag: string;
  body: string;
}

export interface SimRequestEvent {
  op: Operation;
  /** received: authenticated and about to be processed; responded: the answer was written. */
  phase: 'received' | 'responded';
  status?: number;
  messageIds?: string[];
}

export interface MqSimulator {
  endpoint: string;
  instanceId: string;
  topics: string[];
  groups: string[];
  accessKeyId: string;
  accessKeySecret: string;
  /** Live counters (the same object keeps updating). */
  counters: Readonly<Counters>;
  publish(body: string, options?: PublishOptions): PublishedMessage;
  publishReport(fields?: Partial<ReportFields>, options?: HelperOptions): PublishedMessage & { fields: ReportFields };
  publishReply(fields?: Partial<ReplyFields>, options?: HelperOptions): PublishedMessage & { fields: ReplyFields };
  /** One TMC message (trade, refund, logistics …) as Jushita 消息同步 would put it in the seller's topic. */
  publishTmc(topic: string, content: Record<string, unknown>, options?: TmcPublishOptions): PublishedMessage;
  /** Called by the TOP simulator's send hook: one delivery report per phone of the send. */
  reportForSend(send: SendForReport, options?: HelperOptions): Array<PublishedMessage & { fields: ReportFields }>;
  control: SimControl;
  close(): Promise<void>;
}

export interface SimControl {
  addFault(rule: FaultRule): void;
  setFaults(rules: FaultRule[]): void;
  clearFaults(): void;
  faults(): FaultRule[];
  setInvisibilityMs(ms: number): void;
  setClockOffsetMs(ms: number): void;
  setBodyFormat(format: BodyFormat): void;
  setTagStyle(style: TagStyle): void;
  /** Every in-flight message becomes visible now. */
  expireInvisibility(): void;
  /** Closes every idle keep-alive socket (server.closeIdleConnections). */
  closeIdleSockets(): void;
  /** Drops all messages, counters and faults. */
  reset(): void;
  /** True when the group has acked everything published to the topic. */
  drained(topic?: string, group?: string): boolean;
  state(): SimState;
  onRequest(listener: (event: SimRequestEvent) => void): () => void;
}

export interface SimState {
  endpoint: string;
  instanceId: string;
  topics: string[];
  groups: string[];
  invisibilityMs: number;
  counters: Counters;
  queues: ReturnType<Broker['snapshot']>;
  faults: FaultRule[];
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Route {
  op: Operation;
  topic: string;
  query: Map<string, string>;
}

export async function startMqSimulator(options: MqSimulatorOptions = {}): Promise<MqSimulator> {
  const instanceId = options.instanceId ?? DEMO_INSTANCE_ID;
  const topics = options.topics ?? [DEMO_TOPIC];
  const groups = options.groups ?? [DEMO_GROUP];
  const credentials = options.credentials ?? [{ accessKeyId: DEMO_ACCESS_KEY_ID, accessKeySecret: DEMO_ACCESS_KEY_SECRET }];
  const secrets = new Map(credentials.map((c) => [c.accessKeyId, c.accessKeySecret]));
  const settings = {
    clockOffsetMs: options.clockOffsetMs ?? 0,
    bodyFormat: options.bodyFormat ?? 'tmc',
    tagStyle: options.tagStyle ?? 'tmc-topic',
    requireVersionHeader: options.requireVersionHeader ?? true,
    expiredAck: options.expiredAck ?? 'errors-item',
  };
  const now = () => Date.now() + settings.clockOffsetMs;
  const broker = new Broker(topics, groups, {
    invisibilityMs: options.invisibilityMs ?? 300_000,
    maxRetries: options.maxRetries ?? 288,
    tagMismatch: options.tagMismatch ?? 'filter',
    doubleAck: options.doubleAck ?? 'error',
    now,
  });
  const faults = new FaultPlan();
  const listeners = new Set<(event: SimRequestEvent) => void>();
  const requestsOnSocket = new WeakMap<Socket, number>();
  const openLongPolls = new Set<() => void>();
  const reportTopic = options.reportTopic ?? topics[0]!;
  const replyTopic = options.replyTopic ?? topics[1] ?? topics[0]!;
  let endpoint = '';

  const notify = (event: SimRequestEvent) => {
    for (const listener of [...listeners]) listener(event);
  };

  const requestId = () => {
    const seconds = Math.floor(now() / 1000)
      .toString(16)
      .toUpperCase()
      .padStart(8, '0');
    return seconds + randomBytes(8).toString('hex').toUpperCase();
  };

  const send = (res: ServerResponse, status: number, body: string | null, id: string, contentType = 'text/xml;charset=utf-8') => {
    if (res.destroyed || res.writableEnded) return;
    const headers: Record<string, string> = { 'x-mq-request-id': id, 'x-mq-version': MQ_VERSION, Date: new Date(now()).toUTCString() };
    if (body !== null) headers['Content-Type'] = contentType;
    res.writeHead(status, headers);
    res.end(body ?? undefined);
  };
  const sendError = (res: ServerResponse, error: HttpError, id: string) => send(res, error.status, errorXml(error.code, error.message, id, endpoint), id);

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const id = requestId();
      if (error instanceof HttpError) sendError(res, error, id);
      else sendError(res, new HttpError(500, 'InternalError', 'Interal error.'), id);
    });
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 65_000;
  server.headersTimeout = Math.max(server.keepAliveTimeout + 1_000, 60_000);
  server.requestTimeout = 0;
  server.on('connection', (socket) => requestsOnSocket.set(socket, 0));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const rawTarget = req.url ?? '/';
    const socket = req.socket;
    const served = (requestsOnSocket.get(socket) ?? 0) + 1;
    requestsOnSocket.set(socket, served);
    const body = await readBody(req);
    if (rawTarget.startsWith('/__sim/')) {
      const refusal = controlRefusal(req, (server.address() as AddressInfo).port, options.controlToken);
      if (!refusal) return handleControl(req, res, rawTarget, body);
      res.writeHead(403, { 'Content-Type': 'application/json;charset=utf-8', Connection: 'close' }).end(JSON.stringify({ error: refusal }));
      return;
    }

    const id = requestId();
    const op: Operation | null = req.method === 'GET' ? 'consume' : req.method === 'DELETE' ? 'ack' : req.method === 'POST' ? 'publish' : null;
    const fault = op ? faults.take(op, served > 1) : null;
    if (fault) {
      broker.counters.faultsInjected++;
      if (await injectImmediate(fault, op!, req, res, id)) return;
    }

    authenticate(req, body, rawTarget);
    const route = parseRoute(req.method ?? '', rawTarget);
    if (fault?.kind === 'latency') await sleep(fault.delayMs ?? 1000);

    if (route.op === 'consume') return consume(route, res, id);
    if (route.op === 'ack') return ack(route, body, res, id, fault);
    return publishFromHttp(route, body, res, id);
  }

  /** Faults that replace the normal answer; returns true when the request is finished. */
  async function injectImmediate(fault: FaultRule, op: Operation, req: IncomingMessage, res: ServerResponse, id: string): Promise<boolean> {
    switch (fault.kind) {
      case 'reset':
      case 'resetOnReuse':
        req.socket.destroy();
        return true;
      case 'http5xx':
        send(res, fault.status ?? 503, `<html><body>${fault.status ?? 503} Service Temporarily Unavailable</body></html>`, id, 'text/plain;charset=utf-8');
        return true;
      case 'internalError':
        sendError(res, new HttpError(500, 'InternalError', 'Interal error.'), id);
        return true;
      case 'emptyMessages':
        send(res, 200, `<?xml version="1.0" encoding="UTF-8"?>\n<Messages xmlns="${XML_NS_RESPONSE}"></Messages>`, id);
        return true;
      case 'malformedXml': {
        const root = op === 'consume' ? 'Messages' : op === 'ack' ? 'Errors' : 'Message';
        send(
          res,
          op === 'ack' ? 404 : 200,
          `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${XML_NS_RESPONSE}"><Message><MessageBody>fish & chips</MessageBody>`,
          id,
        );
        return true;
      }
      case 'signatureMismatch':
        broker.counters.authFailures++;
        sendError(res, signatureError(), id);
        return true;
      default:
        return false;
    }
  }

  function authenticate(req: IncomingMessage, body: Buffer, rawTarget: string) {
    const fail = (error: HttpError): never => {
      broker.counters.authFailures++;
      throw error;
    };
    const authorization = header(req, 'authorization');
    if (!authorization) fail(new HttpError(400, 'MissingAuthorizationHeader', 'Authorization header is required.'));
    const parsed = /^MQ ([^:\s]+):(\S+)$/.exec(authorization!);
    if (!parsed) fail(new HttpError(400, 'InvalidAuthorizationHeader', 'The Authorization header format is invalid.'));
    const secret = secrets.get(parsed![1]!);
    if (secret === undefined) fail(new HttpError(403, 'InvalidAccessKeyId', 'The AccessKey Id you provided is not exist.'));
    const date = header(req, 'date');
    if (!date) fail(new HttpError(400, 'MissingDateHeader', 'Date header is required.'));
    const time = Date.parse(date!);
    if (Number.isNaN(time) || !/GMT$/.test(date!)) fail(new HttpError(400, 'InvalidDateHeader', 'The Date header format is invalid.'));
    if (Math.abs(now() - time) > CLOCK_SKEW_MS) fail(new HttpError(408, 'TimeExpired', 'The http request you sent is expired.'));
    const version = header(req, 'x-mq-version');
    if (settings.requireVersionHeader && version !== MQ_VERSION) {
      fail(new HttpError(400, 'InvalidArgument', `The value of x-mq-version should be ${MQ_VERSION}.`));
    }
    const md5 = header(req, 'content-md5');
    if (md5 && !contentMd5Matches(md5, body)) fail(new HttpError(400, 'InvalidDigest', 'The Content-MD5 you specified is invalid.'));
    const expected = sign(secret!, stringToSign(req.method ?? '', req.headers, rawTarget));
    if (!signaturesEqual(expected, parsed![2]!)) fail(signatureError());
  }

  function parseRoute(method: string, rawTarget: string): Route {
    const q = rawTarget.indexOf('?');
    const path = q < 0 ? rawTarget : rawTarget.slice(0, q);
    const m = /^\/topics\/([^/?#]+)\/messages$/.exec(path);
    const op: Operation | null = method === 'GET' ? 'consume' : method === 'DELETE' ? 'ack' : method === 'POST' ? 'publish' : null;
    if (!m || !op) throw new HttpError(400, 'InvalidRequestURL', 'The request URL you provided is invalid.');
    const topic = safeDecode(m[1]!);
    const query = new Map<string, string>();
    for (const item of q < 0 ? [] : rawTarget.slice(q + 1).split('&')) {
      const eq = item.indexOf('=');
      if (!item || eq <= 0) throw new HttpError(400, 'InvalidQueryString', `The query string item "${item}" is invalid.`);
      const name = safeDecode(item.slice(0, eq));
      if (query.has(name)) throw new HttpError(400, 'InvalidQueryString', `The query string parameter ${name} is duplicated.`);
      query.set(name, safeDecode(item.slice(eq + 1)));
    }
    const allowed = op === 'consume' ? ['consumer', 'ns', 'tag', 'numOfMessages', 'waitseconds', 'trans'] : op === 'ack' ? ['consumer', 'ns', 'trans'] : ['ns'];
    for (const name of query.keys()) {
      if (!allowed.includes(name)) throw new HttpError(400, 'InvalidQueryString', `The query string parameter ${name} is not supported.`);
    }
    const ns = query.get('ns') ?? '';
    if (ns !== instanceId) {
      throw new HttpError(403, 'AccessDenied', `valid resource owner failed. maybe the resource ${topic} not created`);
    }
    if (!broker.hasTopic(topic)) throw new HttpError(404, 'TopicNotExist', 'The topic you provided does not exist.');
    if (op !== 'publish') {
      const group = query.get('consumer');
      if (!group) throw new HttpError(400, 'InvalidArgument', 'The value of consumer should not be empty.');
      if (!broker.hasGroup(group)) throw new HttpError(404, 'SubscriptionNotExist', 'The subscription you provided does not exist.');
    }
    if (query.has('trans'))
      throw new HttpError(400, 'InvalidArgument', `trans=${query.get('trans')} (ordered/transactional messages) is not enabled on this instance.`);
    return { op, topic, query };
  }

  async function consume(route: Route, res: ServerResponse, id: string) {
    broker.counters.consumeRequests++;
    const group = route.query.get('consumer')!;
    const n = intParam(route.query.get('numOfMessages'), 'numOfMessages', 1, 16, true)!;
    const wait = intParam(route.query.get('waitseconds'), 'waitseconds', 0, 30, false) ?? 0;
    const rawTag = route.query.get('tag');
    let tags: string[] | null = null;
    if (rawTag !== undefined) {
      if (rawTag.length > 128) throw new HttpError(400, 'InvalidArgument', 'The value of tag should between 1 and 128 bytes.');
      tags = rawTag.split('||').map((t) => t.trim());
      if (tags.some((t) => !t)) throw new HttpError(400, 'InvalidArgument', `The value of tag "${rawTag}" is invalid.`);
    }
    notify({ op: 'consume', phase: 'received' });
    let deliveries = broker.take(route.topic, group, tags, n);
    if (!deliveries.length && wait > 0) {
      const pending = broker.wait(route.topic, group, tags, n, wait * 1000);
      // A client that gives up (timeout, abort, crash) stops waiting; anything already taken stays in flight.
      const onClose = () => pending.cancel();
      res.once('close', onClose);
      openLongPolls.add(pending.cancel);
      deliveries = await pending.promise;
      openLongPolls.delete(pending.cancel);
      res.off('close', onClose);
    }
    if (res.destroyed) return;
    if (!deliveries.length) {
      broker.counters.emptyPolls++;
      sendError(res, new HttpError(404, 'MessageNotExist', 'Message not exist.'), id);
    } else {
      send(res, 200, messagesXml(deliveries), id);
    }
    notify({ op: 'consume', phase: 'responded', status: deliveries.length ? 200 : 404, messageIds: deliveries.map((d) => d.message.id) });
  }

  async function ack(route: Route, body: Buffer, res: ServerResponse, id: string, fault: FaultRule | null) {
    broker.counters.ackRequests++;
    const group = route.query.get('consumer')!;
    const root = parseBody(body, 'ReceiptHandles');
    if (root.children.some((c) => c.name !== 'ReceiptHandle')) throw schemaError();
    const handles = root.children.map((c) => c.text);
    if (!handles.length) throw new HttpError(400, 'MissingReceiptHandle', 'ReceiptHandle is required.');
    if (handles.length > 16) throw new HttpError(400, 'InvalidArgument', 'The count of ReceiptHandle should between 1 and 16.');
    notify({ op: 'ack', phase: 'received', messageIds: handles.map((h) => h.slice(0, 32)) });

    const refuseFirst = fault?.kind === 'ackPartial' ? (fault.count ?? 1) : 0;
    const failures: Array<{ code: string; message: string; handle: string }> = [];
    handles.forEach((handle, i) => {
      if (i < refuseFirst) {
        failures.push({ code: 'ReceiptHandleError', message: 'The receipt handle you provide is not valid.', handle });
        return;
      }
      const outcome = broker.ack(route.topic, group, handle);
      if (!outcome.ok) failures.push({ code: outcome.code, message: outcome.message, handle });
    });
    broker.counters.ackErrors += failures.length;
    if (fault?.kind === 'slowAck') await sleep(fault.delayMs ?? 3_500);

    if (!failures.length) send(res, 204, null, id);
    else if (settings.expiredAck === 'error' && failures.some((f) => f.code === 'MessageNotExist'))
      sendError(res, new HttpError(404, 'MessageNotExist', 'Message not exist.'), id);
    else send(res, 404, ackErrorsXml(failures), id);
    notify({ op: 'ack', phase: 'responded', status: failures.length ? 404 : 204, messageIds: handles.map((h) => h.slice(0, 32)) });
  }

  function publishFromHttp(route: Route, body: Buffer, res: ServerResponse, id: string) {
    broker.counters.publishRequests++;
    const root = parseBody(body, 'Message');
    const fields = new Map<string, string>();
    for (const child of root.children) {
      if (!['MessageBody', 'MessageTag', 'Properties'].includes(child.name) || fields.has(child.name) || child.children.length) throw schemaError();
      fields.set(child.name, child.text);
    }
    const messageBody = fields.get('MessageBody');
    if (messageBody === undefined) throw new HttpError(400, 'InvalidArgument', 'The element MessageBody is required.');
    const properties = parseProperties(fields.get('Properties') ?? '');
    notify({ op: 'publish', phase: 'received' });
    const message = publishChecked(route.topic, messageBody, fields.get('MessageTag') ?? '', properties);
    send(
      res,
      201,
      `<?xml version="1.0" encoding="UTF-8"?>\n<Message xmlns="${XML_NS_RESPONSE}">${element('MessageId', message.id)}${element('MessageBodyMD5', message.bodyMd5)}</Message>`,
      id,
    );
    notify({ op: 'publish', phase: 'responded', status: 201, messageIds: [message.id] });
  }

  function publishChecked(topic: string, body: string, tag: string, properties: Array<[string, string]>): SimMessage {
    const bytes = Buffer.byteLength(body, 'utf8');
    const timer = properties.some(([k]) => k === '__STARTDELIVERTIME');
    if (bytes < 1 || bytes > (timer ? MAX_TIMER_BODY_BYTES : MAX_BODY_BYTES)) {
      throw new HttpError(400, 'InvalidArgument', `The value of MessageBody should between 1 and ${timer ? MAX_TIMER_BODY_BYTES : MAX_BODY_BYTES} bytes.`);
    }
    if (tag.length > 64 || tag.includes('||'))
      throw new HttpError(400, 'InvalidArgument', 'The value of MessageTag should between 1 and 64 bytes and not contain "||".');
    return broker.publish(topic, body, tag, properties);
  }

  function messagesXml(deliveries: Delivery[]): string {
    const items = deliveries.map((d) => {
      const m = d.message;
      const props = m.properties.map(([k, v]) => `${k}:${v}|`).join('');
      return (
        '<Message>' +
        element('MessageId', m.id) +
        element('ReceiptHandle', d.handle) +
        element('MessageBodyMD5', m.bodyMd5) +
        element('MessageBody', m.body) +
        element('PublishTime', String(m.publishTime)) +
        element('NextConsumeTime', String(d.nextConsumeTime)) +
        element('FirstConsumeTime', String(d.firstConsumeTime)) +
        element('ConsumedTimes', String(d.consumedTimes)) +
        (m.tag ? element('MessageTag', m.tag) : '') +
        (props ? element('Properties', props) : '') +
        '</Message>'
      );
    });
    return `<?xml version="1.0" encoding="UTF-8"?>\n<Messages xmlns="${XML_NS_RESPONSE}">${items.join('')}</Messages>`;
  }

  // ---- publishing helpers (in-process and over the control API) ----

  const publish = (body: string, opts: PublishOptions = {}): PublishedMessage => {
    const topic = opts.topic ?? topics[0]!;
    if (!broker.hasTopic(topic)) throw new Error(`unknown topic ${topic}`);
    const props: Array<[string, string]> = Object.entries(opts.properties ?? {});
    if (opts.startDeliverTime !== undefined) props.push(['__STARTDELIVERTIME', String(opts.startDeliverTime)]);
    const message = publishChecked(topic, body, opts.tag ?? '', props);
    return { messageId: message.id, topic, tag: message.tag, body };
  };

  const publishReport = (partial: Partial<ReportFields> = {}, opts: HelperOptions = {}) => {
    const fields = reportFields(partial, now());
    const topic = opts.topic ?? reportTopic;
    const body = wrapBody(REPORT_TOPIC, fields, opts.format ?? settings.bodyFormat, now());
    const published = publish(body, {
      topic,
      tag: opts.tag ?? tagFor('report', settings.tagStyle),
      startDeliverTime: opts.delayMs ? now() + opts.delayMs : undefined,
    });
    return { ...published, fields };
  };

  const publishReply = (partial: Partial<ReplyFields> = {}, opts: HelperOptions = {}) => {
    const fields = replyFields(partial, now());
    const topic = opts.topic ?? replyTopic;
    const body = wrapBody(REPLY_TOPIC, fields, opts.format ?? settings.bodyFormat, now());
    const published = publish(body, {
      topic,
      tag: opts.tag ?? tagFor('reply', settings.tagStyle),
      startDeliverTime: opts.delayMs ? now() + opts.delayMs : undefined,
    });
    return { ...published, fields };
  };

  const publishTmc = (topic: string, content: Record<string, unknown>, o: TmcPublishOptions = {}): PublishedMessage => {
    if (!/^[A-Za-z0-9_]+$/.test(topic)) throw new Error(`TMC topic must be a topic name like taobao_trade_TradeCreate: ${topic}`);
    const tag = o.tag === undefined ? topic : (o.tag ?? '');
    const body = tmcBody(topic, content, {
      format: o.format ?? 'raw',
      topicInBody: tag === '',
      sellerNick: o.sellerNick ?? '张三男装淘宝店',
      userId: o.userId ?? 2_206_512_345_678,
      pubTime: o.pubTime ?? now(),
    });
    return publish(body, { topic: o.mqTopic, tag });
  };

  /** Report of an OAID send: matched by biz_id + out_id (the order id); the platform shows no number [INF]. */
  const reportForOaidSend = (sendInfo: SendForReport, opts: HelperOptions) => {
    const sentAt = sendInfo.sentAt === undefined ? now() : new Date(sendInfo.sentAt).getTime();
    const outcome = sendInfo.delivery
      ? { state: sendInfo.delivery.delivered ? '1' : '2', errCode: sendInfo.delivery.resultCode }
      : (options.deliveryOutcome?.(sendInfo, '') ?? { state: '1', errCode: 'DELIVRD' });
    const full = reportFields(
      {
        biz_id: sendInfo.bizId,
        state: outcome.state,
        err_code: outcome.errCode,
        send_time: beijingTime(Number.isNaN(sentAt) ? now() : sentAt),
        rept_time: beijingTime(Math.max(now(), Number.isNaN(sentAt) ? 0 : sentAt) + (opts.delayMs ?? 0)),
        extend: Array.isArray(sendInfo.extendNum) ? (sendInfo.extendNum[0] ?? '') : (sendInfo.extendNum ?? ''),
      },
      now(),
    );
    const { receiver: _absent, ...fields } = { ...full, out_id: sendInfo.orderId ?? '' };
    const body = wrapBody(REPORT_TOPIC, fields, opts.format ?? settings.bodyFormat, now());
    const published = publish(body, {
      topic: opts.topic ?? reportTopic,
      tag: opts.tag ?? tagFor('report', settings.tagStyle),
      startDeliverTime: opts.delayMs ? now() + opts.delayMs : undefined,
    });
    return [{ ...published, fields: fields as ReportFields }];
  };

  const reportForSend = (sendInfo: SendForReport, opts: HelperOptions = {}) => {
    if (sendInfo.oaid !== undefined) return reportForOaidSend(sendInfo, opts);
    const phones = Array.isArray(sendInfo.phone) ? sendInfo.phone : [sendInfo.phone];
    const sentAt = sendInfo.sentAt === undefined ? now() : new Date(sendInfo.sentAt).getTime();
    return phones.map((phone, i) => {
      const decided = sendInfo.delivery && { state: sendInfo.delivery.delivered ? ('1' as const) : ('2' as const), errCode: sendInfo.delivery.resultCode };
      const outcome = decided ?? options.deliveryOutcome?.(sendInfo, phone) ?? { state: '1' as const, errCode: 'DELIVRD' };
      const extend = Array.isArray(sendInfo.extendNum) ? (sendInfo.extendNum[i] ?? '') : (sendInfo.extendNum ?? '');
      return publishReport(
        {
          biz_id: sendInfo.bizId,
          receiver: phone,
          state: outcome.state,
          err_code: outcome.errCode,
          send_time: beijingTime(Number.isNaN(sentAt) ? now() : sentAt),
          rept_time: beijingTime(Math.max(now(), Number.isNaN(sentAt) ? 0 : sentAt) + (opts.delayMs ?? 0)),
          extend,
        },
        opts,
      );
    });
  };

  const control: SimControl = {
    addFault: (rule) => faults.add(rule),
    setFaults: (rules) => faults.replace(rules),
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
    setInvisibilityMs: (ms) => {
      broker.options.invisibilityMs = ms;
    },
    setClockOffsetMs: (ms) => {
      settings.clockOffsetMs = ms;
    },
    setBodyFormat: (format) => {
      settings.bodyFormat = format;
    },
    setTagStyle: (style) => {
      settings.tagStyle = style;
    },
    expireInvisibility: () => broker.expireInvisibility(),
    closeIdleSockets: () => server.closeIdleConnections(),
    reset: () => {
      broker.reset();
      faults.clear();
    },
    drained: (topic = topics[0]!, group = groups[0]!) => broker.drained(topic, group),
    state: () => ({
      endpoint,
      instanceId,
      topics,
      groups,
      invisibilityMs: broker.options.invisibilityMs,
      counters: { ...broker.counters },
      queues: broker.snapshot(),
      faults: faults.list(),
    }),
    onRequest: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  // ---- control API: JSON over HTTP under /__sim/ (see README.md) ----

  function handleControl(req: IncomingMessage, res: ServerResponse, rawTarget: string, body: Buffer) {
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(value));
    };
    try {
      const input = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
      const route = `${req.method} ${rawTarget.split('?')[0]}`;
      switch (route) {
        case 'GET /__sim/state':
          return json(200, control.state());
        case 'POST /__sim/publish':
          return json(201, publish(typeof input.body === 'string' ? input.body : input.body === undefined ? '' : JSON.stringify(input.body), input));
        case 'POST /__sim/report':
          return json(201, publishReport(input.fields ?? {}, input));
        case 'POST /__sim/reply':
          return json(201, publishReply(input.fields ?? {}, input));
        case 'POST /__sim/tmc':
          return json(
            201,
            publishTmc(typeof input.topic === 'string' ? input.topic : '', (input.content ?? {}) as Record<string, unknown>, input.options ?? {}),
          );
        case 'POST /__sim/send-report':
          return json(201, reportForSend(input as unknown as SendForReport, input.options ?? {}));
        case 'POST /__sim/seed': {
          // Bulk load for benchmarks and demos: every report and reply is distinct.
          const reports = Math.max(0, Math.min(Number(input.reports ?? 0), 1_000_000));
          const replies = Math.max(0, Math.min(Number(input.replies ?? 0), 1_000_000));
          const total = reports + replies;
          const tag = Date.now().toString(36);
          let r = 0;
          let u = 0;
          for (let i = 0; i < total; i++) {
            // Interleaved in proportion, the way a campaign's reports and replies mix.
            if (u < replies && (r >= reports || (i + 1) * replies >= (u + 1) * total)) publishReply({ sms_seq: `${tag}${String(u++).padStart(9, '0')}` });
            else publishReport({ biz_id: `${tag}^${Math.floor(r / 200)}`, receiver: `13${String(r++).padStart(9, '0')}` });
          }
          return json(201, { published: total, reports, replies });
        }
        case 'GET /__sim/faults':
          return json(200, faults.list());
        case 'POST /__sim/faults':
          faults.add(input as unknown as FaultRule);
          return json(200, faults.list());
        case 'PUT /__sim/faults':
          faults.replace((input.rules ?? []) as FaultRule[]);
          return json(200, faults.list());
        case 'DELETE /__sim/faults':
          faults.clear();
          return json(200, []);
        case 'PUT /__sim/config':
          if (typeof input.invisibilityMs === 'number') control.setInvisibilityMs(input.invisibilityMs);
          if (typeof input.clockOffsetMs === 'number') control.setClockOffsetMs(input.clockOffsetMs);
          if (typeof input.bodyFormat === 'string') control.setBodyFormat(input.bodyFormat as BodyFormat);
          if (typeof input.tagStyle === 'string') control.setTagStyle(input.tagStyle as TagStyle);
          return json(200, control.state());
        case 'POST /__sim/expire-invisibility':
          control.expireInvisibility();
          return json(200, control.state());
        case 'POST /__sim/close-idle-sockets':
          control.closeIdleSockets();
          return json(200, { ok: true });
        case 'POST /__sim/reset':
          control.reset();
          return json(200, control.state());
        default:
          return json(404, { error: `unknown control route ${route}` });
      }
    } catch (error) {
      return json(400, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('simulator did not get a TCP address');
  endpoint = `http://${options.host ?? '127.0.0.1'}:${address.port}`;

  return {
    endpoint,
    instanceId,
    topics,
    groups,
    accessKeyId: credentials[0]!.accessKeyId,
    accessKeySecret: credentials[0]!.accessKeySecret,
    counters: broker.counters,
    publish,
    publishReport,
    publishReply,
    publishTmc,
    reportForSend,
    control,
    close: async () => {
      for (const cancel of [...openLongPolls]) cancel();
      broker.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function signatureError() {
  return new HttpError(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  );
}

function schemaError() {
  return new HttpError(400, 'InvalidArgument', 'The XML you provided did not validate against our published schema.');
}

function parseBody(body: Buffer, rootName: string): XmlElement {
  let root: XmlElement;
  try {
    root = parseXml(body.toString('utf8'));
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new HttpError(400, 'MalformedXML', 'The XML you provided was not well-formed.');
    throw error;
  }
  if (root.name !== rootName) throw schemaError();
  return root;
}

/** `k:v|k:v` with or without a trailing `|` (Node omits it, Java/Go/Python add it). */
function parseProperties(raw: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const pair of raw.split('|')) {
    if (!pair) continue;
    const parts = pair.split(':');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new HttpError(400, 'InvalidArgument', `The property "${pair}" is invalid.`);
    out.push([parts[0], parts[1]]);
  }
  return out;
}

function intParam(value: string | undefined, name: string, min: number, max: number, required: boolean): number | undefined {
  if (value === undefined) {
    if (required) throw new HttpError(400, 'InvalidArgument', `The value of ${name} should between ${min} and ${max}.`);
    return undefined;
  }
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new HttpError(400, 'InvalidArgument', `The value of ${name} should between ${min} and ${max}${name === 'waitseconds' ? ' seconds' : ''}.`);
  }
  return Number(value);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new HttpError(400, 'InvalidQueryString', 'The query string is not correctly percent-encoded.');
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES * 2) {
        reject(new HttpError(400, 'InvalidArgument', 'The request body is too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
