import { describe, expect, it } from 'vitest';
import { AppSettingsSchema, MqSettingsSchema } from '../../../shared/settings/schema';
import { applyEnvOverrides, resolveMqConfig } from '../../../electron/core/mq/config';

const secrets = { accessKeyId: 'LTAI5tExample', accessKeySecret: 'secret-value' };
const base = MqSettingsSchema.parse({ endpoint: 'http://1.mqrest.cn-hangzhou.aliyuncs.com/', instanceId: ' MQ_INST_1 ', topics: ['sms'], groupId: 'GID_a' });

describe('MqSettingsSchema.parsing', () => {
  it('fills parsing defaults, also for settings saved before it existed', () => {
    const old = AppSettingsSchema.parse({ mq: { endpoint: 'http://x', topics: ['t'], groupId: 'g' } });
    expect(old.mq.parsing).toMatchObject({ unwrapEnvelope: true, classifyByShape: true, acceptBase64: true, topicKinds: {} });
    expect(old.mq.parsing.reportTags).toContain('alibaba_aliqin_TaFcSmsDR');
    expect(old.mq.parsing.replyTopics).toEqual(['alibaba_aliqin_FcSmsUp']);
  });
});

describe('resolveMqConfig', () => {
  it('normalises the endpoint and builds one consumer per topic', () => {
    const config = resolveMqConfig({ ...base, topics: ['reports', 'replies'] }, secrets);
    expect(config.endpoint).toBe('http://1.mqrest.cn-hangzhou.aliyuncs.com');
    expect(config.instanceId).toBe('MQ_INST_1');
    expect(config.consumers).toEqual([
      { topic: 'reports', groupId: 'GID_a', messageTag: '' },
      { topic: 'replies', groupId: 'GID_a', messageTag: '' },
    ]);
  });

  it('pairs comma-separated groups and tags with the topics', () => {
    const config = resolveMqConfig(
      { ...base, topics: ['reports', 'replies'], groupId: 'GID_r, GID_u', messageTag: 'alibaba_aliqin_TaFcSmsDR,SmsUp||alibaba_aliqin_FcSmsUp' },
      secrets,
    );
    expect(config.consumers).toEqual([
      { topic: 'reports', groupId: 'GID_r', messageTag: 'alibaba_aliqin_TaFcSmsDR' },
      { topic: 'replies', groupId: 'GID_u', messageTag: 'SmsUp||alibaba_aliqin_FcSmsUp' },
    ]);
    expect(() => resolveMqConfig({ ...base, topics: ['a', 'b', 'c'], groupId: 'G1,G2' }, secrets)).toThrow(/个数/);
  });

  it('names every missing piece', () => {
    expect(() => resolveMqConfig(MqSettingsSchema.parse({}), {})).toThrow('MQ 设置不完整，缺少：接入点、AccessKey ID、AccessKey Secret、Topic、Group ID。');
  });
});

describe('applyEnvOverrides', () => {
  it('lets JST_MQ_* win over the profile, with comma-separated topics', () => {
    const { settings, secrets: s } = applyEnvOverrides(base, secrets, {
      JST_MQ_ENDPOINT: 'http://127.0.0.1:1',
      JST_MQ_TOPIC: 'a, b',
      JST_MQ_GROUP_ID: 'GID_env',
      JST_MQ_TAG: 'SmsUp',
      JST_MQ_INSTANCE_ID: 'MQ_INST_env',
      JST_MQ_ACCESS_KEY_ID: 'env-id',
      JST_MQ_ACCESS_KEY_SECRET: '  ',
    });
    expect(settings).toMatchObject({ endpoint: 'http://127.0.0.1:1', topics: ['a', 'b'], groupId: 'GID_env', messageTag: 'SmsUp', instanceId: 'MQ_INST_env' });
    expect(s).toEqual({ accessKeyId: 'env-id', accessKeySecret: 'secret-value' });
  });
});
