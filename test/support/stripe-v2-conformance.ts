/**
 * Conformance of the Stripe sandbox's API v2 objects to the shapes stripe-node declares for them
 * (`test/fixtures/stripe-sdk-shapes/v2-shapes.json`, from `scripts/extract-stripe-v2-shapes.ts`; stripe-mock's
 * fixtures, which stripe-conformance.ts uses for v1, have no v2 objects), checked as sdk-shapes.ts says, with every
 * declared field required.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sdkShapeErrors, type SdkShape } from './sdk-shapes';

const FIXTURE = join(__dirname, '..', 'fixtures', 'stripe-sdk-shapes', 'v2-shapes.json');
let shapes: Record<string, SdkShape> | undefined;

/** The fixture's objects by their `object` value (`v2.billing.meter_event_session`, …). */
export function stripeV2Shapes(): Record<string, SdkShape> {
  shapes ??= (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { objects: Record<string, SdkShape> }).objects;
  return shapes;
}

/** The problems of one served v2 object, found by its `object` value (empty when it conforms). */
export function stripeV2ConformanceErrors(served: unknown): string[] {
  const type = (served as { object?: unknown } | null)?.object;
  if (typeof type !== 'string') return ['object: missing'];
  const shape = stripeV2Shapes()[type];
  if (!shape) return [`${type}: not in the SDK shapes fixture`];
  return sdkShapeErrors(served, shape, { allFieldsPresent: { except: [] } }).map((e) => `${type}: ${e}`);
}
