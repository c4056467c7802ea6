/** What a reviewer sees of a routing plan: plain words for steps, the Mermaid flowchart, and the SVG/PNG picture. */
import { resolve } from 'node:path';
import { loadPlanFile, parseRoutingPlan } from '../../src/routing/parse';
import type { RoutingPlan, RoutingPlanInput } from '../../src/routing/model';
import {
  describeDays,
  describeDestination,
  describeGeoRoute,
  describeMenuOption,
  describePrompt,
  describeStep,
  describeWeekStretches,
  describeWindow,
  formatDuration,
  formatNumber,
  stepBranches,
  wrapWords,
} from '../../src/routing/describe';
import { escapeMermaidText, planGraph, renderMermaid } from '../../src/routing/render-mermaid';
import { canDrawText, renderPng, renderSvg, svgToPng } from '../../src/routing/render-image';
import { DAY_MINUTES } from '../../src/routing/schedule';

const EXAMPLES = resolve(__dirname, '../../examples/routing');

function example(file: string): { name: string; plan: RoutingPlan } {
  const [parsed] = loadPlanFile(resolve(EXAMPLES, file));
  if (!parsed.plan) throw new Error(`${file}: ${JSON.stringify(parsed.diagnostics)}`);
  return { name: parsed.name, plan: parsed.plan };
}

function plan(raw: RoutingPlanInput): RoutingPlan {
  const parsed = parseRoutingPlan('test', raw);
  if (!parsed.plan) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.plan;
}

const bakery = example('small-business.yaml');
const support = example('call-centre.yaml');
const national = example('geo-routed.yaml');

describe('plain words for steps and conditions', () => {
  it('writes numbers internationally with spaces and leaves SIP URIs as written', () => {
    expect(formatNumber('+14155550100')).toBe('+1 415 555 0100');
    expect(formatNumber('+442079460123')).toBe('+44 20 7946 0123');
    expect(formatNumber('sip:support@pbx.example.com')).toBe('sip:support@pbx.example.com');
  });

  it('groups days the way people write them', () => {
    expect(describeDays([0, 1, 2, 3, 4])).toBe('Weekdays');
    expect(describeDays([5, 6])).toBe('Weekends');
    expect(describeDays([0, 1, 2, 3, 4, 5, 6])).toBe('Every day');
    expect(describeDays([0, 1, 2, 4])).toBe('Mon–Wed, Fri');
    expect(describeDays([5])).toBe('Sat');
    expect(describeDays([0, 2])).toBe('Mon, Wed');
    expect(describeDays([0, 1, 2, 3, 4, 5])).toBe('Mon–Sat');
  });

  it('names opening hours, including windows that run past midnight and whole days', () => {
    expect(describeWindow({ days: ['weekdays'], from: '07:00', to: '18:00', next: 'shop' })).toBe('Weekdays 07:00–18:00');
    expect(describeWindow({ days: ['sat'], from: '08:00', to: '14:00', next: 'shop' })).toBe('Sat 08:00–14:00');
    expect(describeWindow({ days: ['weekdays'], from: '18:00', to: '09:00', next: 'vm' })).toBe('Weekdays 18:00–09:00');
    expect(describeWindow({ days: ['sun', 'sat'], from: '00:00', to: '24:00', next: 'vm' })).toBe('Weekends all day');
  });

  it('turns stretches of the week into schedule words, across midnight and the weekend', () => {
    const d = DAY_MINUTES;
    const eveningsAndWeekend: Array<[number, number]> = [
      [0, 9 * 60],
      ...[0, 1, 2, 3].map((day): [number, number] => [day * d + 18 * 60, (day + 1) * d + 9 * 60]),
      [4 * d + 18 * 60, 7 * d],
    ];
    expect(describeWeekStretches(eveningsAndWeekend)).toBe('Mon–Thu 18:00–09:00, Fri 18:00–Mon 09:00');
    expect(describeWeekStretches([[5 * d, 7 * d]])).toBe('Weekends all day');
    expect(describeWeekStretches([[4 * d + 16 * 60, 4 * d + 18 * 60]])).toBe('Fri 16:00–18:00');
    expect(describeWeekStretches([[0, 7 * d]])).toBe('All week');
  });

  it('describes every kind of destination in a line a reviewer can read', () => {
    expect(describeStep(bakery.plan.steps.shop)).toBe('Forward to +1 212 555 0142 (ring 20 s)');
    expect(describeStep(bakery.plan.steps.voicemail)).toBe('Voicemail (up to 3 min, transcribed, e-mailed to orders@cornerbakery.example)');
    expect(describeStep(support.plan.steps.sales_queue)).toBe('Queue sales (max wait 3 min)');
    expect(describeStep(support.plan.steps.overflow)).toBe('Forward to sip:support@pbx.manchester.acme.example:5060 (ring 30 s, recorded)');
    expect(describeStep(national.plan.steps.east)).toBe('Ring +1 212 555 0100, +1 212 555 0101, +1 212 555 0102 at once (25 s)');
    expect(describeStep(national.plan.steps.trial_team)).toBe('Ring +1 646 555 0170, +1 646 555 0171 in turn (15 s each)');
    expect(describeStep(national.plan.steps.blocked)).toBe('Say "We are unable to take your call." and hang up');
    expect(describeStep(national.plan.steps.east_trial)).toBe('Split callers 80% / 20%');
    expect(describeStep(bakery.plan.steps.hours, bakery.plan)).toBe('Schedule (America/New_York)');
  });

  it('says how callers choose and which callers a rule is about', () => {
    const [sales, billing] = (support.plan.steps.menu as Extract<RoutingPlan['steps'][string], { type: 'menu' }>).options;
    expect(describeMenuOption(sales)).toBe('Press 1 or say "sales"');
    expect(describeMenuOption(billing)).toBe('Press 2 or say "billing" or "invoices"');
    expect(describeMenuOption({ speech: ['agent'], next: 'x' })).toBe('Say "agent"');
    expect(describeGeoRoute({ regions: ['CA', 'OR', 'WA'], next: 'west' })).toBe('Callers from CA, OR, WA');
    expect(describeGeoRoute({ areaCodes: ['212', '646'], next: 'east' })).toBe('Area codes 212, 646');
    expect(describeGeoRoute({ countries: ['CA'], next: 'canada' })).toBe('Callers from Canada');
  });

  it('does not cut a prompt just to save its last word', () => {
    expect(describePrompt('Thanks for calling the Corner Bakery. We are closed right now.')).toBe('"Thanks for calling the Corner Bakery. We are closed right now."');
  });

  it('cuts long prompts at a word and names audio files', () => {
    expect(describePrompt('Thanks for calling the Corner Bakery. We are closed right now.', 40)).toBe('"Thanks for calling the Corner Bakery…"');
    expect(describePrompt({ play: 'https://cdn.example.com/audio/welcome.mp3?v=2' })).toBe('audio welcome.mp3');
  });

  it('labels every branch of a step', () => {
    expect(stepBranches(bakery.plan.steps.hours).map((b) => `${b.label} → ${b.next}`)).toEqual([
      'Holiday: US public holidays → closed_greeting',
      'Weekdays 07:00–18:00 → shop',
      'Sat 08:00–14:00 → shop',
      'otherwise → closed_greeting',
    ]);
    expect(stepBranches(support.plan.steps.menu).map((b) => b.label)).toEqual(['Press 1 · Sales', 'Press 2 · Billing', 'Press 3 · Technical support', 'no input', 'invalid choice']);
    expect(stepBranches(national.plan.steps.east_trial).map((b) => b.label)).toEqual(['80% · Current East team', '20% · Trial team']);
    expect(stepBranches(bakery.plan.steps.shop).map((b) => b.label)).toEqual(['no answer', 'busy', 'failed']);
  });

  it('follows messages to where a call ends up', () => {
    // Callers hear the message on the way, so it is part of where they end up.
    expect(describeDestination(bakery.plan, 'closed_greeting')).toBe('a message, then voicemail');
    expect(describeDestination(bakery.plan, 'voicemail')).toBe('voicemail');
    expect(describeDestination(support.plan, 'menu')).toBe('the menu');
    expect(describeDestination(national.plan, 'region')).toBe('the caller-location check `region`');
    expect(describeDestination(bakery.plan, undefined)).toBe('the call ends');
  });

  it('never breaks a phone number or a ring time across lines', () => {
    expect(wrapWords('Ring +1 212 555 0100, +1 212 555 0101 at once (25 s)', 21)).toEqual(['Ring +1 212 555 0100,', '+1 212 555 0101', 'at once (25 s)']);
    expect(wrapWords('Ring +1 212 555 0100', 8)).toEqual(['Ring', '+1 212 555 0100']);
    expect(formatDuration(90)).toBe('1 min 30 s');
  });
});

describe('Mermaid flowchart', () => {
  it('draws the small business: hours, shop, owner, closed greeting and voicemail', () => {
    expect(renderMermaid(bakery.name, bakery.plan)).toMatchSnapshot();
  });

  it('draws the call centre with its recording notice, menu keys and overflow', () => {
    expect(renderMermaid(support.name, support.plan)).toMatchSnapshot();
  });

  it('draws the geo-routed number with screening, regions and the 80/20 split', () => {
    expect(renderMermaid(national.name, national.plan)).toMatchSnapshot();
  });

  it('is the same text every time', () => {
    expect(renderMermaid(support.name, support.plan)).toBe(renderMermaid(support.name, structuredClone(support.plan)));
  });

  it('marks changed, new and removed steps with their own classes', () => {
    const out = renderMermaid(bakery.name, bakery.plan, { changed: new Set(['shop', 'hours']), added: new Set(['owner']), removed: new Set(['old_menu']) });
    expect(out).toContain('  class hours,shop changed\n');
    expect(out).toContain('  class owner added\n');
    expect(out).toContain('  old_menu["old_menu<br/>removed"]');
    expect(out).toContain('  class old_menu removed\n');
    expect(out).toMatch(/classDef changed .*stroke:#e8590c/);
    expect(renderMermaid(bakery.name, bakery.plan)).not.toContain('classDef');
  });

  it('escapes prompts that would otherwise end a label or read as markup', () => {
    const tricky = plan({
      start: 'hello',
      steps: {
        hello: { type: 'say', message: 'Press # to "skip" [beta] {now} <b>|</b> `x` & more', next: 'bye' },
        bye: { type: 'hangup' },
      },
    });
    const line = renderMermaid('tricky', tricky).split('\n').find((l) => l.trimStart().startsWith('hello['));
    expect(line).toBe('  hello["hello<br/>Say #quot;Press #35; to #quot;skip#quot; #91;beta#93; #123;now#125;<br/>#60;b#62;#124;#60;/b#62; \'x\' #38; more#quot;"]');
    expect(escapeMermaidText('a"b#c')).toBe('a#quot;b#35;c');
  });

  it('gives a step named like a Mermaid keyword a safe id and keeps its name as the label', () => {
    const out = renderMermaid('k', plan({ start: 'end', steps: { end: { type: 'hangup' } } }));
    expect(out).toContain('  step__end>"end<br/>Hang up"]');
    expect(out).toContain('  call__start --> step__end');
  });

  it('gives a safe id to steps whose names only begin with a Mermaid keyword (the lexer reads the keyword first)', () => {
    const names = ['styles', 'classroom', 'graphics', 'flowchart_b', 'subgraphs', 'interpolated', 'linkStyles', 'defaults'];
    const steps = Object.fromEntries(names.map((n, i) => [n, i + 1 < names.length ? { type: 'say' as const, message: 'Hi.', next: names[i + 1] } : { type: 'hangup' as const }]));
    const out = renderMermaid('k', plan({ start: names[0], steps }));
    for (const n of names) {
      expect(out).toContain(`  step__${n}`);
      expect(out).not.toMatch(new RegExp(`^  ${n}\\b`, 'm'));
    }
    // Names that merely contain a keyword are kept: the lexer reads them as one word.
    const kept = renderMermaid('k', plan({ start: 'after_end', steps: { after_end: { type: 'say', message: 'Hi.', next: 'weekend' }, weekend: { type: 'hangup' } } }));
    expect(kept).toContain('  after_end["after_end');
    expect(kept).toContain('  after_end --> weekend');
  });

  it('leaves out steps no call reaches and says so, and shows a missing step as missing', () => {
    const broken = plan({
      start: 'shop',
      steps: { shop: { type: 'forward', to: '+12125550142', onNoAnswer: 'nowhere' }, spare: { type: 'hangup' } },
    });
    const out = renderMermaid('broken', broken);
    expect(out).toContain('%% Not drawn (no call reaches them): spare');
    expect(out).not.toMatch(/^\s+spare/m);
    expect(out).toContain('  nowhere["nowhere<br/>missing step"]');
    expect(out).toContain('  class nowhere missing');
  });

  it('draws one arrow per next step, with every branch that leads there on it', () => {
    const graph = planGraph(bakery.name, bakery.plan);
    expect(graph.edges.filter((e) => e.from === 'shop')).toEqual([
      { from: 'shop', to: 'owner', labels: ['no answer', 'busy'] },
      { from: 'shop', to: 'voicemail', labels: ['failed'] },
    ]);
    expect(graph.nodes.map((n) => n.id)).toEqual(['call__start', 'hours', 'closed_greeting', 'shop', 'voicemail', 'owner']);
  });
});

describe('SVG and PNG pictures', () => {
  it('draws every reachable step and labelled arrow as a self-contained SVG', () => {
    const svg = renderSvg(support.name, support.plan);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const step of Object.keys(support.plan.steps)) expect(svg).toContain(`font-weight="bold" fill="#1b1f23" text-anchor="middle">${step}</text>`);
    expect(svg).toContain('>Press 2 · Billing</text>');
    expect(svg).toContain('>Weekdays 08:00–20:00</text>');
    expect(svg.match(/marker-end="url\(#arrow\)"/g)).toHaveLength(planGraph(support.name, support.plan).edges.length);
    expect(svg).not.toMatch(/href=|<script|<image/);
    expect(svg).toBe(renderSvg(support.name, structuredClone(support.plan)));
  });

  it('escapes text for XML and highlights changed and new steps with a legend', () => {
    const svg = renderSvg(national.name, national.plan, { changed: new Set(['east']), added: new Set(['trial_team']) });
    expect(svg).toContain('&quot;We are unable to take your call.&quot;');
    expect(svg).toMatch(/stroke="#e8590c" stroke-width="3"/);
    expect(svg).toMatch(/stroke="#2b8a3e" stroke-width="3" stroke-dasharray/);
    expect(svg).toContain('>changed step</text>');
    expect(svg).toContain('>new step</text>');
  });

  it('makes boxes wide enough for their text', () => {
    const svg = renderSvg(bakery.name, bakery.plan);
    const widths = [...svg.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="[\d.]+" rx="8"/g)].map((m) => Number(m[1]));
    // "Forward to +1 212 555 0142 (ring 20 s)" is 38 characters of 12 px text.
    expect(Math.min(...widths)).toBeGreaterThan(38 * 12 * 0.5);
  });

  it('rasterises to a PNG with readable text when the machine has a font, and otherwise says how to get one', () => {
    if (canDrawText()) {
      const png = renderPng(bakery.name, bakery.plan, { scale: 1 });
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      const svgWidth = Number(/width="(\d+)"/.exec(renderSvg(bakery.name, bakery.plan))?.[1]);
      expect(png.readUInt32BE(16)).toBe(svgWidth);
      expect(renderPng(bakery.name, bakery.plan, { scale: 2 }).readUInt32BE(16)).toBe(svgWidth * 2);
    } else {
      expect(() => svgToPng(renderSvg(bakery.name, bakery.plan))).toThrow(/no font found.*apt-get install fonts-dejavu-core/);
    }
  });
});
