/** Placeholder until the Telnyx carrier lands (same session). */
import type { Carrier } from '../carrier';
export interface TelnyxCarrierConfig { apiKey: string; baseUrl?: string }
export function createTelnyxCarrier(_config: TelnyxCarrierConfig): Carrier {
  throw new Error('the Telnyx carrier is not built yet');
}
