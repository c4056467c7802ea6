/**
 * What every didops Pulumi class shares: the module its types live in, how its arguments are typed, and the
 * identity input that tells the dynamic provider which resource it serves.
 */
import * as pulumi from '@pulumi/pulumi';
import type { DidopsResourceKind } from './host';
import { serializableProvider } from './serializable-provider';

/** Pulumi's module for didops' dynamic resources: types read `pulumi-nodejs:dynamic/didops:PhoneNumber`. */
export const MODULE = 'didops';

/** `{ a: T }` with every field a Pulumi Input. */
export type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/**
 * A value whose parts may each be Pulumi Inputs, at any depth, so a plan can forward to another resource's number
 * (`to: backup.e164`); Pulumi resolves nested Outputs in resource inputs. A union of plain values stays one Input
 * (`type: desk.type` is an Output of the whole enum); a union with objects is taken member by member.
 */
export type DeepInput<T> = [T] extends [string | number | boolean | null | undefined] ? pulumi.Input<T> : DeepInputMember<T>;

/** {@link DeepInput} of each member of a union. */
type DeepInputMember<T> = T extends string | number | boolean | null | undefined
  ? pulumi.Input<T>
  : T extends readonly (infer U)[]
    ? pulumi.Input<readonly DeepInput<U>[]>
    : pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>;

/** Tells the provider who the resource is: dynamic providers are not given the URN, and exactly-once needs it. */
export function identityInput(type: string, name: string, opts: pulumi.CustomResourceOptions | undefined) {
  return { type: `didops:${type}`, name, urn: pulumi.createUrn(name, `pulumi-nodejs:dynamic/${MODULE}:${type}`, opts?.parent) };
}

/** What `pulumi.dynamic.Resource`'s constructor takes, in its order. */
type DynamicResourceArgs = [pulumi.dynamic.ResourceProvider, string, pulumi.Inputs, pulumi.CustomResourceOptions | undefined, string, string];

/**
 * The constructor arguments of a didops resource of `kind`: its serializable provider, the user's arguments with the
 * identity input and every output named (undefined until the provider answers, so Pulumi exposes each one), the
 * options, and didops' module and type. `super(...dynamicResourceArgs(…))`.
 */
export function dynamicResourceArgs(kind: DidopsResourceKind, name: string, args: object, outputs: readonly string[], opts: pulumi.CustomResourceOptions | undefined): DynamicResourceArgs {
  const inputs = { ...args, __identity: identityInput(kind, name, opts), ...Object.fromEntries(outputs.map((field) => [field, undefined])) };
  return [serializableProvider(kind), name, inputs, opts, MODULE, kind];
}
