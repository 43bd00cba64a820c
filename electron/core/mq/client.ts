import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import MQ from '@aliyunmq/mq-http-sdk';
import sdkHelper from '@aliyunmq/mq-http-sdk/lib/helper.js';
import { parseMessagesXml } from './consume-xml';

export type MqMessage = MQ.MQMessage;
export type MqConsumer = MQ.MQConsumer;

export interface MqCredentials {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
}

/**
 * The official client with its own keep-alive agents. httpx otherwise shares one module-global agent and
 * the SDK offers no way to cancel a 30 s long poll. Here consumes (GET) run on an agent that abortConsume()
 * can destroy, so a stop does not wait for the poll to expire, while acks (DELETE) and publishes keep a
 * separate agent and are never cut mid-flight.
 * A consume's answer is read here rather than by the SDK: its xml2js costs ~30 µs per message, as much as parsing and
 * storing the message, on every consumed batch. The request is the SDK's (buildHeaders signs it, same path and timeout);
 * a body of messages is read by parseMessagesXml, anything else (errors, odd shapes) by the SDK's own parser exactly
 * as MQClient.request does. Acks, publishes and everything else go through the SDK unchanged.
 */
export class AbortableMqClient extends MQ.MQClient {
  private consumeAgent: Agent;
  private readonly otherAgent: Agent;
  private readonly isHttps: boolean;

  constructor(
    credentials: MqCredentials,
    /** Overrides the SDK's per-call timeout (used by the connection test to fail fast). */
    private readonly timeoutMs?: number,
  ) {
    super(credentials.endpoint, credentials.accessKeyId, credentials.accessKeySecret);
    this.isHttps = credentials.endpoint.startsWith('https:');
    this.consumeAgent = this.newAgent();
    this.otherAgent = this.newAgent();
  }

  override request(method: string, resource: string, type: string, requestBody: string | Buffer, opts: MQ.MQRequestOptions = {}) {
    const timeout = this.timeoutMs ?? opts.timeout;
    const agent = method === 'GET' ? this.consumeAgent : this.otherAgent;
    if (method === 'GET' && type === 'Messages' && !opts.headers) return this.consume(resource, agent, timeout ?? SDK_TIMEOUT_MS);
    return super.request(method, resource, type, requestBody, { ...opts, agent, ...(timeout === undefined ? {} : { timeout }) });
  }

  private async consume(resource: string, agent: Agent, timeoutMs: number): Promise<MQ.MQResponse<Record<string, unknown> | undefined>> {
    const url = `${this.endpoint}${resource}`;
    const response = await httpGet(url, this.buildHeaders('GET', '', resource), agent, timeoutMs);
    const requestId = [response.headers['x-mq-request-id']].flat()[0];
    const contentType = response.headers['content-type'] ?? '';
    if (!response.text || !(contentType.startsWith('text/xml') || contentType.startsWith('application/xml'))) {
      return { code: response.status, requestId, body: undefined };
    }
    const messages = parseMessagesXml(response.text);
    if (messages) return { code: response.status, requestId, body: { Message: messages } };
    // What MQClient.request does with any other XML answer (an <Error> becomes the SDK's error with Code/RequestId).
    const data = (await sdkHelper.parseXML(response.text)) as Record<string, Record<string, unknown>>;
    if (data.Error) {
      const e = data.Error;
      const code = sdkHelper.extract(e.Code) as string;
      const id = sdkHelper.extract(e.RequestId) as string;
      const error = new Error(
        `GET ${url} failed with ${response.status}. RequestId: ${id}, ErrorCode: ${code}, ErrorMsg: ${String(sdkHelper.extract(e.Message))}`,
      );
      throw Object.assign(error, { Code: code, RequestId: id });
    }
    const body: Record<string, unknown> = {};
    for (const key of Object.keys(data.Messages!)) if (key !== '$') body[key] = sdkHelper.extract(data.Messages![key]);
    return { code: response.status, requestId, body };
  }

  /** Fails the consume in flight (it rejects with "socket hang up"); acks are not touched. */
  abortConsume(): void {
    const old = this.consumeAgent;
    this.consumeAgent = this.newAgent();
    old.destroy();
  }

  close(): void {
    this.consumeAgent.destroy();
    this.otherAgent.destroy();
  }

  private newAgent(): Agent {
    return this.isHttps ? new HttpsAgent({ keepAlive: true }) : new Agent({ keepAlive: true });
  }
}

/** MQConsumer.consumeMessage's timeout (the SDK passes it on every consume). */
const SDK_TIMEOUT_MS = 33_000;

/**
 * A GET as httpx (the SDK's HTTP library) makes it, for the consume: the given agent, Node's own errors (so "socket
 * hang up" after abortConsume and ECONNREFUSED are the same), and a timeout that fails with a RequestTimeoutError.
 */
function httpGet(url: string, headers: Record<string, string | number>, agent: Agent, timeoutMs: number) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const request = send(url, { method: 'GET', headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    const timer = setTimeout(() => {
      request.destroy(Object.assign(new Error(`ReadTimeout(${timeoutMs}). GET ${url} failed.`), { name: 'RequestTimeoutError' }));
    }, timeoutMs);
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
    request.on('error', fail);
    request.end();
  });
}
