import { createAutomationsModule, type AutomationHooks, type AutomationsModule } from './automations';
import { buyerOptedOut, ledgerSender, ledgerSendStatus, orderRecheck } from './automations/ports';
import { createAudiencesModule, type AudiencesModule } from './audiences';
import type { CoreContext } from './context';
import { CostLedger } from './costs/ledger';
import { recoverInterruptedImports } from './recipients/import';
import { createHistoryService, type HistoryService } from './history/service';
import { createInboxService, type InboxService } from './inbox/service';
import { createMessageService, type MessageService } from './mq/service';
import { createOrdersModule, type OrdersModule } from './orders';
import { SendingModule } from './sending';
import type { SendHooks } from './sending/engine';
import { SuppressionStore } from './suppression/store';
import { createTemplatesModule, intervalsFromEnv, type TemplatesModule } from './templates';
import { createTopService, type TopService } from './top/service';

/**
 * The services of one core, built once by createCore and shared by the feature handlers and the hosts (the CLI
 * reaches features only through these). A new feature's service: one field here and one line in createServices.
 */
export interface CoreServices {
  /** The one TOP client factory (settings + vault, with the CLI's JST_TOP_* overrides). */
  top: TopService;
  /** The shop's do-not-send list. */
  suppression: SuppressionStore;
  templates: TemplatesModule;
  /** Delivery history: matches reports inside each consumed batch (ingest hook), reconciliation. */
  history: HistoryService;
  /** Threads and opt-outs: its ingest hook runs inside each consumed batch. */
  inbox: InboxService;
  /** Orders: its ingest hook and seller check run inside each consumed batch; backfill, detail, OAID. */
  orders: OrdersModule;
  /** Audiences (人群): segments of the shop's buyers over the order store. */
  audiences: AudiencesModule;
  /** 费用: prices, the balance the seller keeps, spend from the ledger. */
  costs: CostLedger;
  /** RocketMQ pollers: every batch they consume runs the ingest hooks registered above. */
  messages: MessageService;
  /** Campaigns, the ledger and the send engine. */
  sending: SendingModule;
  /** Order-triggered SMS: its ingest hook runs after the orders hook; sends go through `sending` by OAID. */
  automations: AutomationsModule;
}

export interface ServiceOptions {
  /** Tuning knobs (JST_AUDIT_POLL_MS, JST_HISTORY_TICK_MS, JST_SEND_MAX_IN_FLIGHT, …). */
  env: NodeJS.ProcessEnv;
  /** The CLI: JST_TOP_* and JST_MQ_* in `env` override the profile's settings and secrets. */
  envOverrides: boolean;
  /** Crash-test seam of the send engine (the CLI's JST_SEND_TEST_HOOKS). */
  sendHooks?: SendHooks;
  /** Crash-test seam of the automations engine (the CLI's JST_SEND_TEST_HOOKS). */
  automationHooks?: AutomationHooks;
}

/** Builds every service once, in dependency order. Nothing starts here: see startBackground. */
export function createServices(ctx: CoreContext, options: ServiceOptions): CoreServices {
  const { env } = options;
  const overrides = options.envOverrides ? env : undefined;
  const top = createTopService(ctx, { overrides });
  const suppression = new SuppressionStore(ctx);
  const client = () => top.client();
  const templates = createTemplatesModule(ctx, { ...intervalsFromEnv(env), platform: client });
  const history = createHistoryService(ctx, { top, suppression, tickMs: Number(env.JST_HISTORY_TICK_MS) || undefined });
  const inbox = createInboxService(ctx, { suppression });
  const orders = createOrdersModule(ctx, { client });
  const audiences = createAudiencesModule(ctx);
  const costs = new CostLedger(ctx);
  const messages = createMessageService(ctx, { overrides, notifyReply: (reply) => inbox.shouldNotify(reply) });
  const sending = new SendingModule(ctx, {
    client,
    limiter: () => top.limiter(),
    qps: () => top.settings().qps,
    suppression,
    orders,
    env,
    hooks: options.sendHooks,
  });
  const automations = createAutomationsModule(ctx, {
    sender: ledgerSender(sending),
    recheck: orderRecheck(orders),
    optedOut: buyerOptedOut(suppression),
    sendStatus: ledgerSendStatus(sending),
    hooks: options.automationHooks,
    onChanged: (event) => ctx.events.emit('automations.changed', event),
  });
  // Facts found by a backfill page or a detail fetch start (or close) automation items in the same transaction.
  orders.onTradeFacts((tids) => automations.applyOrders(tids));
  return { top, suppression, templates, history, inbox, orders, audiences, costs, messages, sending, automations };
}

/**
 * The app's background work: clean-up of imports a crash interrupted, the outbox and audit polling, reconciliation, the sent indexer, the MQ pollers and the
 * send engine's start-up recovery and resume. Started after every service (and so every ingest hook) exists.
 * A headless host (the CLI) skips this and starts only what its command needs.
 */
export function startBackground(ctx: CoreContext, services: CoreServices): void {
  recoverInterruptedImports(ctx, ctx.clock.now()).then(
    (ids) => ids.length && ctx.log.warn('interrupted recipient imports cleaned up', { campaigns: ids }),
    (error: unknown) => ctx.log.error('cleaning up interrupted imports failed', { error }),
  );
  services.templates.start();
  services.history.start();
  services.inbox.start();
  services.orders.start();
  services.messages.start();
  services.sending.startBackground();
  services.automations.start();
}
