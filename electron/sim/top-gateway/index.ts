// Strict TOP gateway simulator for tests, benchmarks and the `npm run sim:top` demo. See README.md.
export { startTopGateway, DEMO_CREDENTIALS, GATEWAY_PATH, CONTROL_PATH } from './server';
export type { TopGateway, TopGatewayOptions, TopGatewayControl, TopGatewayCounters, Fault, SimApp, SendFilter, ActiveFault, HeldCall } from './types';
export type { SendEvent, SimSend, SimTemplate, SimSignature, DeliveryRule, ReviewOutcome } from './state';
export { expectedSign, formatGmt8, responseName } from './protocol';
export type { TradeWorld, SimTrade, SimTradeItem, SimTradeReceiver, TradeEvent, RefundStage, CreateTradeInput } from './trades';
export { maskNick, naturalWeekKey, encryptField, DEFAULT_SELLER_NICK } from './trades';
