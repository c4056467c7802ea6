/**
 * Reads the `card` input into a checked rate card: the model object through `checkRateCard`, YAML or JSON text
 * (Terraform's `file("rates.yaml")`, Pulumi's `readFileSync`) through `loadRateCard`, which adds lines and columns.
 * Every problem comes back at once, on its path under `card` (`card.minutes.rates[3].prefix`).
 */
import { checkRateCard } from '../../billing/rating/check-rate-card';
import { loadRateCard } from '../../billing/rating/load-rate-card';
import type { RateCard } from '../../billing/rating/rate-card';
import { nestDiagnostics, type Diagnostic } from '../../core/diagnostics';

/** The checked card, when nothing is an error, and every diagnostic on its `card.…` path. */
export interface CardSource {
  readonly card?: RateCard;
  readonly diagnostics: Diagnostic[];
}

/** Checks the `card` input as given. */
export function readCardSource(source: string | Record<string, unknown>): CardSource {
  const checked = typeof source === 'string' ? loadRateCard(source) : checkRateCard(source);
  return { ...(checked.card ? { card: checked.card } : {}), diagnostics: nestDiagnostics('card', checked.failures) };
}
