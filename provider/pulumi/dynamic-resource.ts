/**
 * What every didops Pulumi class shares: the module its types live in, how its arguments are typed, and the
 * identity input that tells the dynamic provider which resource it serves.
 */
import * as pulumi from '@pulumi/pulumi';

/** Pulumi's module for didops' dynamic resources: types read `pulumi-nodejs:dynamic/didops:PhoneNumber`. */
export const MODULE = 'didops';

/** `{ a: T }` with every field a Pulumi Input. */
export type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/**
 * A value whose parts may each be Pulumi Inputs, at any depth, so a plan can forward to another resource's number
 * (`to: backup.e164`); Pulumi resolves nested Outputs in resource inputs.
 */
export type DeepInput<T> = T extends string | number | boolean | null | undefined
  ? pulumi.Input<T>
  : T extends readonly (infer U)[]
    ? pulumi.Input<readonly DeepInput<U>[]>
    : pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>;

/** Tells the provider who the resource is: dynamic providers are not given the URN, and exactly-once needs it. */
export function identityInput(type: string, name: string, opts: pulumi.CustomResourceOptions | undefined) {
  return { type: `didops:${type}`, name, urn: pulumi.createUrn(name, `pulumi-nodejs:dynamic/${MODULE}:${type}`, opts?.parent) };
}
