// Declarations for @aliyunmq/mq-http-sdk 1.0.4, which ships none (see shared/spec/mq-http.md §2).
// Only the default export is declared: in native ESM the CommonJS named exports are not detected,
// so `import { MQClient } from …` would type-check and then fail at runtime.
declare module '@aliyunmq/mq-http-sdk' {
  namespace mq {
    /** What every SDK call resolves to: the raw HTTP status, the x-mq-request-id header and the parsed XML. */
    interface MQResponse<B> {
      code: number;
      requestId: string | undefined;
      body: B;
    }

    /** One consumed message. Every XML field arrives as a string (times and ConsumedTimes included). */
    interface MQMessage {
      MessageId: string;
      ReceiptHandle: string;
      MessageBodyMD5?: string;
      MessageBody: string;
      PublishTime: string;
      NextConsumeTime: string;
      FirstConsumeTime: string;
      ConsumedTimes: string;
      /** Missing when the message has no tag; '' for an empty element. */
      MessageTag?: string;
      /** Always an object after the SDK's property parsing (possibly empty); values stay strings. */
      Properties: Record<string, string>;
      /** From the KEYS property. */
      MessageKey?: string;
      /** From __STARTDELIVERTIME (or, an SDK bug, __TransCheckT). The only numeric field. */
      StartDeliverTime?: number;
      ShardingKey?: string;
    }

    /** One failed handle of an ack; the SDK resolves these (code 404) instead of throwing. */
    interface MQAckError {
      ErrorCode: string;
      ErrorMessage: string;
      ReceiptHandle: string;
    }

    interface MQPublishResult {
      MessageId: string;
      MessageBodyMD5: string;
      ReceiptHandle?: string;
    }

    /** Thrown for any response whose XML root is <Error>; transport errors have no Code. */
    interface MQServerError extends Error {
      Code: string;
      RequestId: string;
    }

    /** Options handed through to httpx.request by MQClient.request (only `get` forwards them). */
    interface MQRequestOptions {
      timeout?: number;
      readTimeout?: number;
      connectTimeout?: number;
      agent?: import('node:http').Agent;
      headers?: Record<string, string>;
    }

    class MQClient {
      constructor(endpoint: string, accessKeyId: string, accessKeySecret: string, securityToken?: string);
      endpoint: string;
      accessKeyId: string;
      request(
        method: string,
        resource: string,
        type: string,
        requestBody: string | Buffer,
        opts?: MQRequestOptions,
      ): Promise<MQResponse<Record<string, unknown> | undefined>>;
      get(resource: string, type: string, opts?: MQRequestOptions): Promise<MQResponse<Record<string, unknown> | undefined>>;
      post(resource: string, type: string, body: string | Buffer): Promise<MQResponse<Record<string, unknown> | undefined>>;
      delete(resource: string, type: string, body: string | Buffer): Promise<MQResponse<Record<string, unknown> | undefined>>;
      sign(method: string, headers: Record<string, string | number>, resource: string): string;
      buildHeaders(method: string, body: string | Buffer, resource: string): Record<string, string | number>;
      getConsumer(instanceId: string | undefined, topic: string, consumer: string, messageTag?: string): MQConsumer;
      getProducer(instanceId: string | undefined, topic: string): MQProducer;
    }

    class MQConsumer {
      constructor(client: MQClient, instanceId: string | undefined, topic: string, consumer: string, messageTag?: string);
      readonly path: string;
      readonly ackPath: string;
      /** Rejects with Code 'MessageNotExist' when nothing is available (a normal outcome). */
      consumeMessage(numOfMessages: number, waitSeconds?: number): Promise<MQResponse<MQMessage[]>>;
      consumeMessageOrderly(numOfMessages: number, waitSeconds?: number): Promise<MQResponse<MQMessage[]>>;
      /** code 204 + body undefined on success; code 404 + the failed handles on (partial) failure. */
      ackMessage(receiptHandles: string[]): Promise<MQResponse<MQAckError[] | undefined>>;
    }

    class MQProducer {
      constructor(client: MQClient, instanceId: string | undefined, topic: string);
      publishMessage(body: string, tag?: string, msgProps?: MessageProperties): Promise<MQResponse<MQPublishResult>>;
    }

    class MessageProperties {
      getProperties(): Record<string, string>;
      messageKey(key: string): void;
      startDeliverTime(timeMillis: number): void;
      transCheckImmunityTime(timeSeconds: number): void;
      shardingKey(key: string): void;
      /** Throws when key or value contains one of " ' & < > | : */
      putProperty(key: string, value: string | number): void;
    }
  }
  export default mq;
}

/** The SDK's XML helpers (xml2js parse and its unwrapping), used for consume answers that are not a list of messages. */
declare module '@aliyunmq/mq-http-sdk/lib/helper.js' {
  const helper: {
    parseXML(input: string): Promise<Record<string, unknown>>;
    extract(value: unknown): unknown;
  };
  export default helper;
}
