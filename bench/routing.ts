/**
 * Routing-plan benchmark (issue #6): validate + compile of a 1,000-step plan, target under 100 ms.
 * "Validate" is everything `check` does before a deploy (the model's shape and the graph, schedule
 * and menu checks); "compile" produces the byte-stable Studio flow JSON.
 */
import { validateRoutingPlan } from '../src/routing/check';
import { compiledFlowJson } from '../src/routing/compile';
import { generateLargePlan } from '../test/support/routing-plans';
import { percentile } from './stats';

/** Times validate + compile for plans of the given sizes; returns Markdown lines for docs/benchmarks.md. */
export function benchRouting(sizes: readonly number[], runs = 50): string[] {
  const lines = [
    '## Routing plans: validate + compile',
    '',
    `Each size: ${runs} timed runs after 5 warm-up runs, in one Node process (\`npm run bench -- routing\`). Target (issue #6): a 1,000-step plan in under 100 ms.`,
    'Validate is `validateRoutingPlan` (the model and every check); compile is `compiledFlowJson` (the Studio definition and its canonical JSON text, 4.7 MB for the 1,000-step plan, most of it the 90 schedules\' daylight-saving boundaries). The fixture is `generateLargePlan` in test/support/routing-plans.ts: departments of menus, schedules, forwards with failover, rings, queues, SIP, geography and voicemail.',
    '',
    '| steps | Studio states | validate median (ms) | compile median (ms) | validate + compile median (ms) | p95 (ms) | target |',
    '|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const size of sizes) {
    const raw = generateLargePlan(size);
    const validate: number[] = [];
    const compile: number[] = [];
    const total: number[] = [];
    let states = 0;
    for (let i = 0; i < runs + 5; i++) {
      const t0 = performance.now();
      const { plan, diagnostics } = validateRoutingPlan('large', raw);
      const t1 = performance.now();
      if (!plan || diagnostics.some((d) => d.severity === 'error')) throw new Error(`the ${size}-step fixture does not validate: ${JSON.stringify(diagnostics.slice(0, 3))}`);
      const json = compiledFlowJson(plan, { name: 'large' });
      const t2 = performance.now();
      states = (JSON.parse(json) as { states: unknown[] }).states.length;
      if (i >= 5) {
        validate.push(t1 - t0);
        compile.push(t2 - t1);
        total.push(t2 - t0);
      }
    }
    for (const list of [validate, compile, total]) list.sort((a, b) => a - b);
    const median = (l: number[]) => percentile(l, 50).toFixed(1);
    const p95 = percentile(total, 95);
    const target = size >= 1000 ? (p95 < 100 ? 'met (< 100 ms)' : 'MISSED (< 100 ms)') : '';
    lines.push(`| ${size} | ${states} | ${median(validate)} | ${median(compile)} | ${median(total)} | ${p95.toFixed(1)} | ${target} |`);
  }
  return lines;
}
