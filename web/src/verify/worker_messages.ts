import type { Verdict } from './verify_draw';

/** What the page asks the verification worker. */
export interface WorkerRequest {
  readonly drawId: string;
  /** The entity's own record (JSON text), to check whether it was rightly drawn or not. */
  readonly entity?: string;
  /** A designated verifier's pool file (CSV text), for a full recomputation. */
  readonly pool?: string;
}

/** What the worker answers: progress steps, then a verdict or a failure to fetch. */
export type WorkerReply =
  | { readonly kind: 'step'; readonly text: string }
  | { readonly kind: 'verdict'; readonly verdict: Verdict }
  | { readonly kind: 'failed'; readonly message: string };
