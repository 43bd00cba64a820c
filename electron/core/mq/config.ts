import { AppError } from '../../../shared/errors';
import type { MqParsing, MqSettings } from '../../../shared/settings/schema';
import { normaliseEndpoint } from './endpoint';

/** One consumer loop: a topic read through a group, optionally with a tag filter ('a||b'). */
export interface MqConsumerConfig {
  topic: string;
  groupId: string;
  messageTag: string;
}

/** Everything a poller needs, secrets included. Never logged or sent to the renderer as a whole. */
export interface MqConfig {
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  instanceId: string;
  consumers: MqConsumerConfig[];
  parsing: MqParsing;
}

export interface MqSecrets {
  accessKeyId?: string;
  accessKeySecret?: string;
}

/**
 * Settings + secrets → pollable config, or NOT_CONFIGURED naming what is missing.
 * Reports and replies may share one topic or use one topic each. groupId and messageTag apply to
 * every topic, or, written comma-separated with one entry per topic, pair up with the topics in
 * order ("GID_report,GID_reply"). Tag filters use '||' for "either", so commas are free to separate.
 */
export function resolveMqConfig(settings: MqSettings, secrets: MqSecrets): MqConfig {
  const missing: string[] = [];
  if (!settings.endpoint.trim()) missing.push('接入点');
  if (!secrets.accessKeyId) missing.push('AccessKey ID');
  if (!secrets.accessKeySecret) missing.push('AccessKey Secret');
  const topics = settings.topics.map((t) => t.trim()).filter(Boolean);
  if (!topics.length) missing.push('Topic');
  if (!settings.groupId.trim()) missing.push('Group ID');
  if (missing.length) throw new AppError('NOT_CONFIGURED', `MQ 设置不完整，缺少：${missing.join('、')}。`);

  const groups = splitList(settings.groupId);
  const tags = settings.messageTag.trim() ? splitList(settings.messageTag) : [''];
  const pick = (list: string[], index: number, what: string): string => {
    if (list.length === 1) return list[0]!;
    if (list.length === topics.length) return list[index]!;
    throw new AppError(
      'NOT_CONFIGURED',
      `${what} 的个数（${list.length}）与 Topic 个数（${topics.length}）不一致：填一个共用，或按 Topic 顺序用逗号分隔逐个填写。`,
    );
  };
  const consumers = topics.map((topic, i) => ({ topic, groupId: pick(groups, i, 'Group ID'), messageTag: pick(tags, i, '消息标签') }));
  return {
    endpoint: normaliseEndpoint(settings.endpoint).endpoint,
    accessKeyId: secrets.accessKeyId!.trim(),
    accessKeySecret: secrets.accessKeySecret!.trim(),
    instanceId: settings.instanceId.trim(),
    consumers,
    parsing: settings.parsing,
  };
}

/** The CLI's environment overrides (JST_MQ_*), applied over the profile's settings and vault. */
export function applyEnvOverrides(settings: MqSettings, secrets: MqSecrets, env: NodeJS.ProcessEnv): { settings: MqSettings; secrets: MqSecrets } {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const topics = value('JST_MQ_TOPIC');
  return {
    settings: {
      ...settings,
      endpoint: value('JST_MQ_ENDPOINT') ?? settings.endpoint,
      instanceId: value('JST_MQ_INSTANCE_ID') ?? settings.instanceId,
      topics: topics ? splitList(topics) : settings.topics,
      groupId: value('JST_MQ_GROUP_ID') ?? settings.groupId,
      messageTag: value('JST_MQ_TAG') ?? settings.messageTag,
    },
    secrets: {
      accessKeyId: value('JST_MQ_ACCESS_KEY_ID') ?? secrets.accessKeyId,
      accessKeySecret: value('JST_MQ_ACCESS_KEY_SECRET') ?? secrets.accessKeySecret,
    },
  };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}
