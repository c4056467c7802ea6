/**
 * Extracts, from the official `stripe` npm package's type declarations, the shapes of the API v2 objects the
 * sandbox's Stripe sub-app serves (stripe-mock's fixtures, which the v1 conformance checks use, have no v2 objects),
 * into `test/fixtures/stripe-sdk-shapes/v2-shapes.json`, keyed by the object's `object` value.
 *
 * Usage: `npx tsx scripts/extract-stripe-v2-shapes.ts [--check]` (reads node_modules/stripe; `--check` compares with
 * the committed fixture instead of writing it). Output has sorted keys, so a re-run is byte-identical.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ShapeReader, stable, writeOrCheckFixture, type Shape, type TypeRef } from './sdk-shapes';

/** The v2 objects the sandbox serves and where stripe-node declares each (files under `cjs/resources/V2/`). */
export const STRIPE_V2_OBJECTS: Record<string, TypeRef> = {
  'v2.billing.meter_event_session': { file: 'Billing/MeterEventSession.d.ts', name: 'MeterEventSession' },
  'v2.billing.meter_event': { file: 'Billing/MeterEvents.d.ts', name: 'MeterEvent' },
  'v2.billing.meter_event_adjustment': { file: 'Billing/MeterEventAdjustments.d.ts', name: 'MeterEventAdjustment' },
};

/** Where the fixture lives. */
export const STRIPE_V2_SHAPES_FILE = resolve(__dirname, '..', 'test', 'fixtures', 'stripe-sdk-shapes', 'v2-shapes.json');

/** Builds the fixture's content from the installed SDK. */
export function buildStripeV2Shapes(): string {
  // The package's main entry is cjs/stripe.cjs.node.js; its declarations sit beside it.
  const cjs = dirname(require.resolve('stripe'));
  const resources = join(cjs, 'resources', 'V2');
  const version = (JSON.parse(readFileSync(join(cjs, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const refs = Object.values(STRIPE_V2_OBJECTS);
  const reader = new ShapeReader(resources, [...new Set(refs.map((r) => join(resources, r.file)))]);
  const objects: Record<string, Shape> = {};
  for (const [type, ref] of Object.entries(STRIPE_V2_OBJECTS)) objects[type] = reader.read(ref);
  const fixture = {
    source: { package: 'stripe', version, license: 'MIT', from: 'cjs/resources/V2/**/*.d.ts', generator: 'scripts/extract-stripe-v2-shapes.ts' },
    objects,
  };
  return `${JSON.stringify(stable(fixture), null, 2)}\n`;
}

if (require.main === module) writeOrCheckFixture(STRIPE_V2_SHAPES_FILE, buildStripeV2Shapes(), 'stripe SDK', 'npx tsx scripts/extract-stripe-v2-shapes.ts');
