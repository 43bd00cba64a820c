// The consume answer is read by our own reader; it must give exactly what the SDK's xml2js + extract give, or step aside.
import sdkHelper from '@aliyunmq/mq-http-sdk/lib/helper.js';
import { describe, expect, it } from 'vitest';
import { parseMessagesXml } from '../../../electron/core/mq/consume-xml';

const NS = 'http://mq.aliyuncs.com/doc/v1/';
const message = (fields: string) => `<Message>${fields}</Message>`;
const doc = (inner: string, head = `<?xml version="1.0" encoding="UTF-8"?>\n`) => `${head}<Messages xmlns="${NS}">${inner}</Messages>`;
const standard = (id: string, body: string, extra = '') =>
  message(
    `<MessageId>${id}</MessageId><ReceiptHandle>h-${id}</ReceiptHandle><MessageBodyMD5>0F</MessageBodyMD5><MessageBody>${body}</MessageBody>` +
      `<PublishTime>1570785838000</PublishTime><NextConsumeTime>1570785868000</NextConsumeTime><FirstConsumeTime>1570785838000</FirstConsumeTime>` +
      `<ConsumedTimes>1</ConsumedTimes>${extra}`,
  );

/** What MQClient.request + consumeMessage make of the same text. */
async function sdkMessages(xml: string): Promise<unknown> {
  const data = (await sdkHelper.parseXML(xml)) as { Messages: Record<string, unknown> };
  return sdkHelper.extract(data.Messages.Message);
}

describe('parseMessagesXml', () => {
  it.each([
    ['escaped JSON, CJK and a tag', doc(standard('A1', '{&quot;a&quot;:&quot;&lt;回复&gt; &amp; TD&quot;,&#x41;&#66;}', '<MessageTag>SmsUp</MessageTag>'))],
    ['CDATA mixed with text', doc(standard('A2', 'x<![CDATA[<b>&amp;</b>]]>y&apos;'))],
    [
      'empty and self-closed fields, no declaration, whitespace between elements',
      doc(`\n  ${standard('A3', '', '<MessageTag></MessageTag><Properties/>')}\n  ${standard('A4', 'b')}\n`, ''),
    ],
    ['properties text', doc(standard('A5', 'c', '<Properties>KEYS:k1|__STARTDELIVERTIME:1570785900000|</Properties>'))],
    ['surrounding spaces kept in text', doc(standard('A6', '  padded  '))],
  ])('reads %s exactly as the SDK does', async (_name, xml) => {
    expect(parseMessagesXml(xml)).toEqual(await sdkMessages(xml));
  });

  it.each([
    ['an error answer', `<?xml version="1.0"?><Error xmlns="${NS}"><Code>MessageNotExist</Code><Message>none</Message></Error>`],
    ['an empty list', doc('')],
    ['an attribute on a message', doc(`<Message id="1"><MessageId>x</MessageId></Message>`)],
    ['a nested element', doc(message('<MessageBody><b>x</b></MessageBody>'))],
    ['a repeated field', doc(message('<MessageId>a</MessageId><MessageId>b</MessageId>'))],
    ['text between fields', doc(message('<MessageId>a</MessageId>stray'))],
    ['an unknown entity', doc(message('<MessageBody>&nbsp;</MessageBody>'))],
    ['a stray ampersand', doc(message('<MessageBody>a & b</MessageBody>'))],
    ['a lone surrogate reference', doc(message('<MessageBody>&#xD800;</MessageBody>'))],
    ['whitespace-only text (xml2js reads it as empty)', doc(message('<MessageTag> </MessageTag>'))],
    ['a mismatched close tag', doc(message('<MessageId>a</MessageTag>'))],
    ['a truncated body', doc(standard('T', 'x')).slice(0, -20)],
    ['trailing content', `${doc(standard('T', 'x'))}<x/>`],
    ['another root', `<MessagesExtra xmlns="${NS}">${standard('T', 'x')}</MessagesExtra>`],
  ])('steps aside (null) for %s, so the SDK parser decides', (_name, xml) => {
    expect(parseMessagesXml(xml)).toBeNull();
  });
});
