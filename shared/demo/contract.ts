import { z } from 'zod';
import { NoInput, request } from '../contract-kit';

// 体验演示模式 (issue 12): a separate demo profile served by in-process simulators. Entering or leaving swaps the
// whole core (profile, database, vault) inside main; the renderer reloads afterwards.
export interface DemoStatus {
  /** This window is showing the demo profile. */
  active: boolean;
  /** The host can switch into demo mode (the simulators ship with this build). */
  available: boolean;
}

export const demoRequests = {
  'demo.status': request<DemoStatus>()(NoInput),
  /** Switch to the demo profile (its own database and vault; real data is never touched). */
  'demo.enter': request<DemoStatus>()(z.object({ confirm: z.literal(true) }).strict()),
  /** Back to the seller's own profile. */
  'demo.exit': request<DemoStatus>()(NoInput),
} as const;

export const demoEvents = {
  /** The window now shows the other profile: the renderer reloads. */
  'demo.changed': z.custom<DemoStatus>(),
} as const;
