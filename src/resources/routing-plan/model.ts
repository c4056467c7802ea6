/**
 * The RoutingPlan resource's inputs and outputs. The plan itself is the routing model (src/routing/model.ts); this
 * model only says how it arrives (an object, or YAML/JSON text for Terraform's `file("support.yaml")`) and what
 * the deployed Studio flow reports back.
 */
import { z } from 'zod';
import type { RoutingPlan } from '../../routing/model';
import { MARKER_LENGTH } from '../../carriers/ownership-marker';
import { updatesInPlace, type FieldRule } from '../../core/lifecycle';

/** Longest FriendlyName Studio takes for a flow. */
export const STUDIO_FRIENDLY_NAME_LIMIT = 255;

/** Longest `friendlyName`: Studio allows 255 characters and didops keeps the rest for its ownership marker. */
export const MAX_FLOW_FRIENDLY_NAME = STUDIO_FRIENDLY_NAME_LIMIT - MARKER_LENGTH;

/** The plan as a user gives it: the model object, or the YAML/JSON text of one plan (bare, or a one-plan `plans:` file). */
export const routingPlanSourceSchema = z
  .union([
    z.string().min(1, { error: 'the plan text is empty; give the YAML or JSON of one routing plan' }),
    z.record(z.string(), z.unknown()),
  ])
  .meta({
    description:
      'The routing plan (docs/routing.md): the model object, or the YAML or JSON text of one plan, either bare (`start:`, `steps:`) or a file with exactly one plan under `plans:`.',
  });

/** Everything a user declares about a routing plan resource. */
export const routingPlanInputsSchema = z
  .object({
    plan: routingPlanSourceSchema,
    friendlyName: z
      .string()
      .min(1)
      .max(MAX_FLOW_FRIENDLY_NAME, {
        error: `at most ${MAX_FLOW_FRIENDLY_NAME} characters (Studio allows ${STUDIO_FRIENDLY_NAME_LIMIT}; didops keeps ${MARKER_LENGTH} for its ownership marker)`,
      })
      .optional()
      .meta({ description: 'Name of the Studio flow in the Twilio console; defaults to the resource name.' }),
    retainOnDelete: z
      .boolean()
      .default(false)
      .meta({ description: 'Keep the Studio flow when the resource is deleted (it is detached from didops instead of deleted).' }),
  })
  .strict();

/** Inputs as written by the user. */
export type RoutingPlanResourceInputsInput = z.input<typeof routingPlanInputsSchema>;

/** Inputs after `check`: the plan read, validated and with its defaults filled in. */
export interface RoutingPlanResourceInputs {
  /** The validated plan. */
  plan: RoutingPlan;
  /** Flow name without the ownership marker; absent means the resource name. */
  friendlyName?: string;
  /** Keep the flow on delete. */
  retainOnDelete: boolean;
}

/** What didops reports about a deployed routing plan. */
export interface RoutingPlanOutputs {
  /** Studio flow SID (FW…), also the resource id; give it to a PhoneNumber's `routingPlan`. */
  sid: string;
  /** The flow's webhook: the voice URL of every number bound to the plan. */
  webhookUrl: string;
  /** The flow's latest revision number (each deploy adds two: the draft, then its publication). */
  revision: number;
  /** `published`, or `draft` while a newer revision than the published one waits (edited in the console). */
  status: string;
  /** sha256 (hex) of the flow definition's canonical JSON: the compiled plan after a deploy, the live flow after a read. */
  definitionDigest: string;
  /** Studio states in the flow's definition. */
  stateCount: number;
  /** FriendlyName as Studio shows it, ownership marker included. */
  carrierFriendlyName: string;
  /** The name the plan goes by in step paths (`plans.<name>.menu`) and the flow's description: the resource name. */
  planName: string;
  /** The ownership tag at the end of the FriendlyName, kept so that a console rename that drops it is undone. */
  ownershipTag: string | null;
}

/** Output field names, for adapters that must list them (Pulumi `declare`s, Terraform computed attributes). */
export const ROUTING_PLAN_OUTPUT_FIELDS = [
  'sid', 'webhookUrl', 'revision', 'status', 'definitionDigest', 'stateCount', 'carrierFriendlyName', 'planName', 'ownershipTag',
] as const satisfies readonly (keyof RoutingPlanOutputs)[];

/**
 * How each field changes; the descriptions feed the docs. Nothing replaces a flow: its SID is what numbers point at.
 * `plan` and `friendlyName` are judged in `diff` against the live flow (its digest, status and name) as well.
 */
export const ROUTING_PLAN_FIELD_RULES: readonly FieldRule[] = [
  updatesInPlace('plan', 'the compiled flow is saved as a new draft revision of the same Studio flow, then published; numbers bound to it keep their webhook', { judgedInDiff: true }),
  updatesInPlace('friendlyName', 'renames the flow in the Twilio console (the ownership marker stays)', { judgedInDiff: true }),
  updatesInPlace('retainOnDelete', 'only changes what a later delete does; nothing is sent to Twilio'),
];
