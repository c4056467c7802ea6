/**
 * A routing plan written in TypeScript instead of YAML: `definePlan` type-checks every step as you
 * write it, and the object is what the Pulumi `RoutingPlan` resource takes as `plan`.
 *
 *   npx tsx examples/routing/dental-practice.ts      # prints the plan's check results and a simulated call
 *
 * In your own project, import from "didops" instead of the relative path.
 */
import { checkRoutingPlan, definePlan, parseRoutingPlan, parseCallTime, simulateCall, deriveCallSid } from '../../src/routing';
import type { E164 } from '../../src/core/e164';

/** A dental practice: a receptionist by day, an emergency line for patients in pain, voicemail otherwise. */
export const dentalPractice = definePlan({
  description: 'Smile Dental reception',
  timeZone: 'America/Los_Angeles',
  start: 'hours',
  steps: {
    hours: {
      type: 'schedule',
      windows: [
        { days: ['mon', 'tue', 'wed', 'thu'], from: '08:00', to: '17:00', next: 'reception' },
        { days: ['fri'], from: '08:00', to: '13:00', next: 'reception' },
      ],
      otherwise: 'closed_menu',
    },
    reception: {
      type: 'forward',
      to: '+14155550160',
      timeout: 25,
      onNoAnswer: 'voicemail',
      onBusy: 'voicemail',
      onFailure: 'voicemail',
    },
    closed_menu: {
      type: 'menu',
      prompt: 'Smile Dental is closed. If you are in pain and need the dentist on call, press 1. To leave a message, press 2.',
      options: [
        { digits: '1', speech: ['emergency', 'pain'], label: 'Dentist on call', next: 'on_call' },
        { digits: '2', speech: ['message'], label: 'Message', next: 'voicemail' },
      ],
      onTimeout: 'voicemail',
      onInvalid: 'voicemail',
    },
    on_call: {
      type: 'ring',
      strategy: 'sequential',
      targets: ['+14155550161', '+14155550162'],
      timeout: 20,
      onNoAnswer: 'voicemail',
      onBusy: 'voicemail',
      onFailure: 'voicemail',
    },
    voicemail: {
      type: 'voicemail',
      greeting: { say: 'Please leave your name, your number and the reason for your call.', voice: 'Polly.Joanna' },
      transcribe: true,
      notify: { webhook: 'https://smile-dental.example/hooks/voicemail' },
    },
  },
});

if (require.main === module) {
  const parsed = parseRoutingPlan('dental', dentalPractice);
  if (!parsed.plan) throw new Error(parsed.diagnostics.map((d) => `${d.field}: ${d.summary}`).join('\n'));
  const findings = checkRoutingPlan('dental', parsed.plan);
  console.log(findings.length === 0 ? 'dental: no problems found' : findings.map((d) => `${d.severity} ${d.field}: ${d.summary}`).join('\n'));
  const from = '+14155550123' as E164;
  const at = parseCallTime('2026-11-27T20:00', parsed.plan.timeZone);
  const call = simulateCall(parsed.plan, { from, at, inputs: ['1'], callSid: deriveCallSid(from, at) });
  for (const [i, step] of call.steps.entries()) console.log(`${i + 1}. ${step.step}: ${step.action}`);
  console.log(call.ending);
}
