/**
 * `didops_routing_plan`: the RoutingPlan handler (src/resources/routing-plan) as a Terraform resource. Terraform has
 * no type for a plan's nested steps, so `plan` is the YAML or JSON text of one plan (`file("support.yaml")`,
 * `jsonencode({...})`), which the handler reads like Pulumi's YAML text.
 */
import { type Diagnostic } from '../../../src/core/diagnostics';
import type { ResourceHandler } from '../../../src/core/lifecycle';
import type { RoutingPlanHandler } from '../../../src/resources/routing-plan/handler';
import { routingPlanInputsSchema, ROUTING_PLAN_FIELD_RULES, ROUTING_PLAN_OUTPUT_FIELDS, type RoutingPlanOutputs, type RoutingPlanResourceInputs } from '../../../src/resources/routing-plan/model';
import { computedAttribute, type AttributeModel } from '../schema/attributes';
import { terraformResourceFromHandler, type ResourceRuntime, type TerraformResource } from './handler-resource';
import { z } from 'zod';

/** The resource's Terraform type name. */
export const ROUTING_PLAN_TYPE = 'didops_routing_plan';

/** Every output the handler keeps in its state, for this resource's computed attributes. */
export const ROUTING_PLAN_STATE_OUTPUT_FIELDS = ROUTING_PLAN_OUTPUT_FIELDS;

/** The inputs as Terraform sees them: the handler's, with `plan` as text. */
export const routingPlanTerraformInputsSchema = routingPlanInputsSchema.extend({
  plan: z
    .string()
    .min(1)
    .meta({
      description:
        'The routing plan as YAML or JSON text: `file("support.yaml")` or `jsonencode({ start = "desk", steps = { ... } })`. Either a bare plan (`start`, `steps`, …) or a file with exactly one plan under `plans:`; the plan is called by the resource’s `key` in messages and step paths (`plans.<key>.menu.onTimeout`). See docs/routing.md for the model.',
    }),
});

/** The computed attributes, in the order of {@link ROUTING_PLAN_STATE_OUTPUT_FIELDS}. */
export const ROUTING_PLAN_OUTPUTS: readonly AttributeModel[] = [
  computedAttribute('sid', 'string', 'Studio flow SID (`FW…`), also the resource `id`: give it to a `didops_phone_number`’s `routing_plan`.'),
  computedAttribute('webhookUrl', 'string', 'The flow’s webhook, `https://webhooks.twilio.com/v1/Accounts/AC…/Flows/FW…`: the voice URL of every number bound to the plan.'),
  computedAttribute('revision', 'number', 'The flow’s latest revision number. Each change of the plan adds two: the new definition saved as a draft, then published.'),
  computedAttribute('status', 'string', '`published`, or `draft` when someone saved a newer revision in the Studio console without publishing it (drift: the next apply publishes the plan again).'),
  computedAttribute('definitionDigest', 'string', 'sha256 (hex) of the flow definition’s canonical JSON. After apply it is the compiled plan’s; a refresh reads the live flow’s, so an edit in the Studio console shows as a change to this attribute and the next apply publishes the plan again.'),
  computedAttribute('stateCount', 'number', 'Studio states (widgets) in the flow; Studio holds at most 1,000.'),
  computedAttribute('carrierFriendlyName', 'string', 'FriendlyName as Studio shows it, ownership marker included: `support [didops:pcqaw6zn3vci]`.'),
  computedAttribute('planName', 'string', 'The name the plan goes by in the flow’s description and in step paths: the `key` it was created with (the flow’s own name, for an imported flow).'),
  computedAttribute('ownershipTag', 'string', 'The ownership tag at the end of the flow’s FriendlyName (`[didops:<tag>]`), kept so that a console rename that drops it is corrected by the next apply.'),
];

const ruleNotes = Object.fromEntries(ROUTING_PLAN_FIELD_RULES.map((rule) => [rule.field, rule.description]));

const DESCRIPTION = [
  'A routing plan (docs/routing.md), checked, compiled and published as one Twilio Studio flow. Bind numbers to it with a `didops_phone_number`’s `routing_plan = didops_routing_plan.<name>.sid`, which points the number’s voice webhook at the flow.',
  'Every check runs at plan time: a broken plan fails `terraform plan` on the `plan` attribute, with the step path (`plans.support.menu.onTimeout`, as the plan spells its fields) in the message. Warnings (unreachable steps, callers hung up on) are shown and do not stop the plan.',
  'A changed plan is an update in place: the new definition is saved as a draft revision of the same flow, then published, so numbers keep their webhook. An edit made in the Studio console shows as a change of `definition_digest` after a refresh, and the next apply publishes the plan again.',
  'Destroying a plan that numbers still route to is refused, with the list of those numbers. The flow carries an ownership marker derived from `key`, so an apply interrupted after Studio created the flow takes that flow over instead of creating a second one.',
].join('\n\n');

/** The handler, with check problems located on the `plan` attribute: Terraform cannot point inside a text value, so the step path goes in the message. */
function onPlanAttribute(handler: RoutingPlanHandler): ResourceHandler<RoutingPlanResourceInputs, RoutingPlanOutputs> {
  return {
    ...handler,
    async check(request) {
      const result = await handler.check(request);
      return { ...result, failures: result.failures.map(planAttributeDiagnostic) };
    },
  };
}

/** A diagnostic at a step path (`plans.support.menu.onTimeout`) as one on `plan`, the step path leading the summary. */
export function planAttributeDiagnostic(diagnostic: Diagnostic): Diagnostic {
  if (!diagnostic.field || !/^plans[.[]/.test(diagnostic.field)) return diagnostic;
  return { ...diagnostic, field: 'plan', summary: `${diagnostic.field}: ${diagnostic.summary}` };
}

/** The `didops_routing_plan` resource. */
export function routingPlanResource(runtime: ResourceRuntime): TerraformResource {
  return terraformResourceFromHandler(
    {
      typeName: ROUTING_PLAN_TYPE,
      description: DESCRIPTION,
      wording: { noun: 'routing plan', plural: 'routing plans', act: 'creation' },
      // Loaded on first use: the handler brings the routing compiler, luxon and yaml (about 45 ms), which a provider
      // process serving only numbers and addresses never needs.
      createHandler: (deps) => {
        const { createRoutingPlanHandler } = require('../../../src/resources/routing-plan/handler') as typeof import('../../../src/resources/routing-plan/handler');
        return onPlanAttribute(createRoutingPlanHandler(deps));
      },
      inputSchema: routingPlanTerraformInputsSchema,
      inputDocs: {
        notes: {
          ...ruleNotes,
          friendlyName: `${ruleNotes.friendlyName} Defaults to the \`key\`.`,
          retainOnDelete: `${ruleNotes.retainOnDelete} With it, destroy leaves the flow (without the ownership marker), and numbers bound to it keep working.`,
        },
      },
      outputs: ROUTING_PLAN_OUTPUTS,
      idDescription: 'The Studio flow SID (`FW…`), the same as `sid`.',
      affectedOutputs: {
        plan: ['revision', 'status', 'definitionDigest', 'stateCount'],
        friendlyName: ['revision', 'carrierFriendlyName'],
      },
      markerField: 'carrierFriendlyName',
    },
    runtime,
  );
}
