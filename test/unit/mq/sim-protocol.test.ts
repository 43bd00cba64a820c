// Building blocks of the simulator, checked against the vectors in mq-http.md §3.3.
import { describe, expect, it } from 'vitest';
import { contentMd5Matches, sign, stringToSign } from '../../../electron/sim/mq-http/signature';
import { parseXml, XmlSyntaxError } from '../../../electron/sim/mq-http/xml';
import { FaultPlan } from '../../../electron/sim/mq-http/faults';

describe('signature', () => {
  it('matches the SDK unit-test vector', () => {
    const toSign = stringToSign(
      'PUT',
      { 'content-md5': '574683b3684e3cff610afa155cc2506d', date: 'Tue, 11 Apr 2017 10:09:19 GMT', 'content-type': 'text/xml', 'x-mq-version': '2015-06-06' },
      '/',
    );
    expect(sign('ACCESS_KEY_SECRET', toSign)).toBe('G7NRBqmP9XfhTJ/pV3AgYQtXaaU=');
  });

  it('matches the captured consume request', () => {
    const target = '/topics/sms_report/messages?consumer=GID_sms&ns=MQ_INST_123_abc&tag=SmsReport%7C%7CSmsUp&numOfMessages=16&waitseconds=30';
    const toSign = stringToSign(
      'GET',
      { date: 'Wed, 25 Nov 2026 12:40:31 GMT', 'x-mq-version': '2015-06-06', 'content-type': 'text/xml;charset=utf-8', 'user-agent': 'mq-nodejs-sdk/1.0.4' },
      target,
    );
    expect(toSign).toBe(`GET\n\ntext/xml;charset=utf-8\nWed, 25 Nov 2026 12:40:31 GMT\nx-mq-version:2015-06-06\n${target}`);
    expect(sign('testSecret', toSign)).toBe('TrkrVBqm+Sv/4GgUqtONzRY3hn8=');
  });

  it('accepts the Content-MD5 quirk (base64 of hex) and the RFC form, nothing else', () => {
    const body = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><ReceiptHandles xmlns="http://mq.aliyuncs.com/doc/v1/"><ReceiptHandle><![CDATA[RH1]]></ReceiptHandle><ReceiptHandle><![CDATA[RH&<2>]]></ReceiptHandle></ReceiptHandles>',
    );
    expect(contentMd5Matches('ZDVlNTg2M2EwMTFjOTVmYTEzZTNkNjBmMjg4YzNjNWU=', body)).toBe(true);
    expect(contentMd5Matches('1eWGOgEclfoT49YPKIw8Xg==', body)).toBe(true);
    expect(contentMd5Matches('d5e5863a011c95fa13e3d60f288c3c5e', body)).toBe(false);
  });
});

describe('parseXml', () => {
  it('reads CDATA, entities, namespaces and self-closing elements', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?><ReceiptHandles xmlns="http://mq.aliyuncs.com/doc/v1/"><ReceiptHandle><![CDATA[RH&<2>]]></ReceiptHandle><ReceiptHandle>a &amp; &#x4E2D;&#25991;</ReceiptHandle><Empty/></ReceiptHandles>',
    );
    expect(root.name).toBe('ReceiptHandles');
    expect(root.attributes.xmlns).toBe('http://mq.aliyuncs.com/doc/v1/');
    expect(root.children.map((c) => [c.name, c.text])).toEqual([
      ['ReceiptHandle', 'RH&<2>'],
      ['ReceiptHandle', 'a & 中文'],
      ['Empty', ''],
    ]);
  });

  it.each(['<a>x & y</a>', '<a><b></a></b>', '<a>', '<a></a><b></b>', '<a>&bogus;</a>', 'text', '<a><![CDATA[x</a>', '<a><![CDATA[x]]>]]></a>'])(
    'rejects %s',
    (xml) => {
      expect(() => parseXml(xml)).toThrow(XmlSyntaxError);
    },
  );
});

describe('FaultPlan', () => {
  it('applies rules to matching operations for the given number of times', () => {
    const plan = new FaultPlan();
    plan.add({ kind: 'slowAck' });
    plan.add({ kind: 'reset', op: 'consume', times: 2 });
    plan.add({ kind: 'resetOnReuse' });
    expect(plan.take('publish', false)).toBeNull();
    expect(plan.take('consume', false)?.kind).toBe('reset');
    expect(plan.take('ack', false)?.kind).toBe('slowAck');
    expect(plan.take('consume', false)?.kind).toBe('reset');
    expect(plan.take('consume', false)).toBeNull();
    expect(plan.take('consume', true)?.kind).toBe('resetOnReuse');
    expect(plan.list()).toEqual([]);
    expect(() => plan.add({ kind: 'nope' as never })).toThrow();
  });
});
