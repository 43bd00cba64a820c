export {
  startMqSimulator,
  DEMO_ACCESS_KEY_ID,
  DEMO_ACCESS_KEY_SECRET,
  DEMO_GROUP,
  DEMO_INSTANCE_ID,
  DEMO_TOPIC,
  type HelperOptions,
  type MqSimulator,
  type MqSimulatorOptions,
  type PublishedMessage,
  type PublishOptions,
  type SendForReport,
  type SimControl,
  type SimRequestEvent,
  type SimState,
  type TmcPublishOptions,
} from './server';
export type { Counters } from './broker';
export { FAULT_KINDS, type FaultKind, type FaultRule, type Operation } from './faults';
export {
  beijingTime,
  randomBizId,
  randomPhone,
  REPLY_TOPIC,
  REPORT_TOPIC,
  type BodyFormat,
  type ReplyFields,
  type ReportFields,
  type TagStyle,
  type TmcFormat,
  TMC_FORMATS,
  tmcBody,
} from './bodies';
