// What every simulated API handler gets and returns (its own file: the SMS and the trade handlers share it).
import type { Format, SuccessBody } from './protocol';
import type { SimSend, SimState } from './state';
import type { SimTradeWorld } from './trades';

export interface ApiContext {
  params: ReadonlyMap<string, string>;
  state: SimState;
  now: () => number;
  requestId: string;
  /** Business failures carry r_success:true like some doc examples (spec §1.10 quirk 6). */
  rSuccessTrueOnFailure: boolean;
  /** Called once per recorded number. */
  onSend: (send: SimSend) => void;
  trades: SimTradeWorld;
  /** The calling app (OAIDs differ per app key). */
  appKey: string;
  /** Remote address, for the code-11 IP restriction message. */
  clientIp: string;
  format: Format;
  simplify: boolean;
  /** How direct.batchsend reads oaids / order_ids / sign_name in OAID mode (orders-oaid.md §0). */
  oaidListEncoding: 'json' | 'comma';
}

export interface ApiSpec {
  /** 需要授权: a missing session answers 26 (spec §1.9). */
  sessionRequired: boolean;
  handle(ctx: ApiContext): SuccessBody;
}
