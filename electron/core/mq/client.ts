import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import MQ from '@aliyunmq/mq-http-sdk';

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
 * separate agent and are never cut mid-flight. Everything else (signing, paths, XML, the SDK's 33 s / 3 s
 * timeouts) stays the SDK's own.
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
    return super.request(method, resource, type, requestBody, { ...opts, agent, ...(timeout === undefined ? {} : { timeout }) });
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
