/**
 * Conformance of the Telnyx sandbox's responses to the shapes the official `telnyx` SDK declares
 * (`test/fixtures/telnyx-sdk-shapes/shapes.json`, from `scripts/extract-telnyx-shapes.ts`), checked as
 * sdk-shapes.ts says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sdkShapeErrors, type SdkShape, type ShapeCheckOptions } from './sdk-shapes';

/** Options of a check. */
export type TelnyxConformanceOptions = ShapeCheckOptions;

const FIXTURE = join(__dirname, '..', 'fixtures', 'telnyx-sdk-shapes', 'shapes.json');
let shapes: Record<string, SdkShape> | undefined;

/** The fixture's operations (`GET /phone_numbers/{id}`, `WEBHOOK number_order.complete`, ...). */
export function telnyxOperations(): Record<string, SdkShape> {
  shapes ??= (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { operations: Record<string, SdkShape> }).operations;
  return shapes;
}

/** The operation a request matches: ids (numeric, UUID or +E.164) fill `{id}`. */
export function telnyxOperationFor(method: string, path: string): string | undefined {
  const template = path.replace(/\/v2(?=\/)/, '').replace(/\/(?:\d{1,25}|\+\d{6,15}|%2B\d{6,15}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?=\/|$)/gi, '/{id}');
  const operation = `${method.toUpperCase()} ${template}`;
  return operation in telnyxOperations() ? operation : undefined;
}

/** The problems of one response body for an operation (empty when it conforms). */
export function telnyxConformanceErrors(operation: string, body: unknown, opts: TelnyxConformanceOptions = {}): string[] {
  const shape = telnyxOperations()[operation];
  if (!shape) return [`${operation}: not in the SDK shapes fixture`];
  return sdkShapeErrors(body, shape, opts).map((e) => `${operation}: ${e}`);
}
