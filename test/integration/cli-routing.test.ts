/**
 * `didops routing …` as a reviewer, an author and a CI job run it. Most cases run the command tree in-process
 * (`runCliInProcess`, the program the bin runs); the cases marked "the built bin" spawn `bin/didops.js` to prove
 * the binary itself: plan modules loaded through tsx, exit codes 0, 1 and 2 reaching the process, a clean stderr,
 * and the same output from another process.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCliInProcess, type CliRun } from '../support/cli-in-process';
import { runCliBinary } from '../support/cli-process';

const EXAMPLES = resolve(__dirname, '../../examples/routing');
const BAKERY = join(EXAMPLES, 'small-business.yaml');
const SUPPORT = join(EXAMPLES, 'call-centre.yaml');
const NATIONAL = join(EXAMPLES, 'geo-routed.yaml');

/** Runs the command tree in-process, in `cwd` when given. */
const didops = (args: string[], cwd?: string) => runCliInProcess(args, { cwd });

/** Runs the built bin in a child process, without blocking the test process. */
const didopsBinary = (args: string[], cwd?: string) => runCliBinary(args, { cwd });

function git(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((done, fail) => execFile('git', args, { cwd }, (err, stdout, stderr) => (err ? fail(new Error(`git ${args.join(' ')}: ${stderr}`)) : done(stdout))));
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'didops-routing-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('plans written in TypeScript or JavaScript', () => {
  const DENTAL = join(__dirname, '..', '..', 'examples', 'routing', 'dental-practice.ts');

  it('checks and simulates the exported plans of a TypeScript module, named by their exports', async () => {
    // The built bin: a TypeScript plan needs tsx registered in a real node process.
    const check = await didopsBinary(['routing', 'check', DENTAL]);
    expect(check.stdout).toBe('dentalPractice: OK (5 steps)\n');
    expect(check.status).toBe(0);
    const call = await didopsBinary(['routing', 'simulate', DENTAL, '--from', '+14155550123', '--at', '2026-11-27T20:00', '--digits', '1']);
    expect(call.status).toBe(0);
    expect(call.stdout).toContain('2. closed_menu: Menu: caller pressed 1 (Dentist on call)');
  });

  it('reads a JavaScript module that exports several plans as `plans`, and refuses one that exports none', async () => {
    const several = join(dir, 'plans.js');
    writeFileSync(several, `exports.plans = {
      day: { start: 'desk', steps: { desk: { type: 'forward', to: '+14155550100', onNoAnswer: 'bye', onBusy: 'bye', onFailure: 'bye' }, bye: { type: 'hangup' } } },
      night: { start: 'bye', steps: { bye: { type: 'hangup', message: 'We are closed.' } } },
    };\n`);
    // The built bin: a JavaScript module required by node itself; a refused one exits 1.
    const check = await didopsBinary(['routing', 'check', several]);
    expect(check.stdout).toBe('day: OK (2 steps)\nnight: OK (1 step)\n');
    const none = join(dir, 'none.js');
    writeFileSync(none, 'exports.answer = 42;\n');
    const refused = await didopsBinary(['routing', 'check', none]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('exports no routing plan; export each plan, e.g. `export const support = definePlan(');
  });
});

describe('didops routing check', () => {
  it('passes a good plan file and says how many steps each plan has', async () => {
    const run = await didopsBinary(['routing', 'check', SUPPORT]); // the built bin: exit 0, nothing on stderr
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('support: OK (9 steps)\n');
    expect(run.status).toBe(0);
  });

  it('fails a plan with a dangling reference and a menu with no way out, naming each step path', async () => {
    const file = join(dir, 'shop.yaml');
    writeFileSync(
      file,
      [
        'plans:',
        '  shop:',
        '    start: menu',
        '    steps:',
        '      menu:',
        '        type: menu',
        '        prompt: Press 1 for the shop.',
        '        options: [{ digits: "1", next: counter }]',
        '      counter: { type: forward, to: "+1 212 555 0142", onNoAnswer: nowhere }',
      ].join('\n'),
    );
    const run = await didops(['routing', 'check', file]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('error: plans.shop.menu.onTimeout: ');
    expect(run.stdout).toContain('error: plans.shop.counter.onNoAnswer: "nowhere" is not a step of this plan');
    expect(run.stdout).toMatch(/^shop: \d+ errors \(2 steps\)$/m);
    expect(run.stderr).toMatch(/didops: .*shop\.yaml has \d+ errors/);
    const json = await didops(['routing', 'check', file, '--json']);
    expect(JSON.parse(json.stdout)[0]).toMatchObject({ name: 'shop', valid: false });
  });

  it('reports a YAML syntax error as a plan error (exit 1) and a missing file as a usage error (exit 2)', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'plans:\n  a: [\n');
    const broken = await didops(['routing', 'check', file]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('not valid YAML or JSON');
    const missing = await didops(['routing', 'check', join(dir, 'nope.yaml')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: no such file');
  });
});

describe('didops routing render', () => {
  it('prints the Mermaid flowchart by default', async () => {
    const run = await didops(['routing', 'render', BAKERY]);
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith('flowchart TD\n')).toBe(true);
    expect(run.stdout).toContain('  shop("shop<br/>Forward to +1 212 555 0142 (ring 20 s)")');
  });

  it('writes an SVG when the output file ends in .svg, and a PNG when asked', async () => {
    const svg = await didops(['routing', 'render', SUPPORT, '--out', join(dir, 'support.svg')]);
    expect(svg.status).toBe(0);
    expect(readFileSync(join(dir, 'support.svg'), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const png = await didops(['routing', 'render', SUPPORT, '--format', 'png', '--out', join(dir, 'out', 'support.png')]);
    expect(png.stderr).toBe('');
    expect(png.status).toBe(0);
    expect(readFileSync(join(dir, 'out', 'support.png')).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('refuses a PNG on stdout and an unknown format as usage errors', async () => {
    const png = await didops(['routing', 'render', BAKERY, '--format', 'png']);
    expect(png.status).toBe(2);
    expect(png.stderr).toContain('--format png: a PNG is binary; add --out FILE.png');
    const gif = await didops(['routing', 'render', BAKERY, '--format', 'gif']);
    expect(gif.status).toBe(2);
    expect(gif.stderr).toContain("argument 'gif' is invalid");
  });

  it('asks which plan to draw when a file has several, listing them', async () => {
    const file = join(dir, 'both.yaml');
    const support = readFileSync(SUPPORT, 'utf8').replace(/^[\s\S]*?^plans:\n/m, '');
    const national = readFileSync(NATIONAL, 'utf8').replace(/^[\s\S]*?^plans:\n/m, '');
    writeFileSync(file, `plans:\n${support}${national}`);
    const ambiguous = await didops(['routing', 'render', file]);
    expect(ambiguous.status).toBe(2);
    expect(ambiguous.stderr).toContain('has 2 plans (support, national); choose one with --plan NAME');
    const unknown = await didops(['routing', 'render', file, '--plan', 'sales']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--plan sales: ');
    expect(unknown.stderr).toContain('its plans are support, national');
    const chosen = await didops(['routing', 'render', file, '--plan', 'national']);
    expect(chosen.status).toBe(0);
    expect(chosen.stdout).toContain('Call to national');
  });
});

describe('didops routing diff', () => {
  it('compares two plan files and writes the PR comment', async () => {
    const after = join(dir, 'bakery.yaml');
    writeFileSync(after, readFileSync(BAKERY, 'utf8').replace('to: "+1 212 555 0142"', 'to: "+1 212 555 0143"'));
    const run = await didops(['routing', 'diff', BAKERY, after]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('<!-- didops routing diff -->\n### Routing plan `bakery`');
    expect(run.stdout).toContain('- Weekdays 07:00–18:00, Sat 08:00–14:00 America/New\\_York: now +1 212 555 0143, was +1 212 555 0142');
    expect(run.stdout).toContain('- `shop`: now rings +1 212 555 0143 for 20 s, was +1 212 555 0142 for 20 s');
    expect(run.stdout).toContain('  class shop changed');
  });

  it('says "No routing changes." for identical files', async () => {
    const run = await didops(['routing', 'diff', SUPPORT, SUPPORT]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('No routing changes.');
  });

  it('compares the last two commits of a plan in a git repository', async () => {
    await git(dir, 'init', '-q');
    await git(dir, 'config', 'user.email', 'reviewer@example.com');
    await git(dir, 'config', 'user.name', 'Reviewer');
    copyFileSync(BAKERY, join(dir, 'plan.yaml'));
    await git(dir, 'add', 'plan.yaml');
    await git(dir, 'commit', '-q', '-m', 'v1');
    writeFileSync(join(dir, 'plan.yaml'), readFileSync(BAKERY, 'utf8').replace('            to: "18:00"', '            to: "16:00"'));
    await git(dir, 'commit', '-q', '-a', '-m', 'v2: close at four');
    const run = await didops(['routing', 'diff', 'HEAD~1', 'HEAD', '--file', 'plan.yaml', '--out', 'comment.md'], dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const comment = readFileSync(join(dir, 'comment.md'), 'utf8');
    expect(comment).toContain('Comparing `HEAD~1` (before) with `HEAD` (after).');
    expect(comment).toContain('- Weekdays 16:00–18:00 America/New\\_York: now a message, then voicemail, was +1 212 555 0142');
    const refPath = await didops(['routing', 'diff', 'HEAD~1:plan.yaml', 'plan.yaml'], dir);
    expect(refPath.stdout).toContain('Weekdays 16:00–18:00');
    // The everyday form before a commit: the working copy against the same file at a ref.
    const workingCopy = await didops(['routing', 'diff', 'HEAD~1', 'plan.yaml'], dir);
    expect(workingCopy.status).toBe(0);
    expect(workingCopy.stdout).toContain('Comparing `HEAD~1` (before) with `plan.yaml` (after).');
    expect(workingCopy.stdout).toContain('Weekdays 16:00–18:00');
    // An absolute path is what shells and scripts often pass; git show takes only relative ones.
    const absolute = await didops(['routing', 'diff', 'HEAD~1', join(dir, 'plan.yaml')], dir);
    expect(absolute.stderr).toBe('');
    expect(absolute.stdout).toContain('Weekdays 16:00–18:00');
    expect(absolute.stdout).not.toContain('New plan');
    const outside = await didops(['routing', 'diff', 'HEAD~1', BAKERY], dir);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toContain('is outside this git repository; run didops inside the repository that holds the plan, or compare two plan files');
  });

  it('says a mistyped BASE file is missing instead of calling it an unknown commit', async () => {
    const run = await didops(['routing', 'diff', 'old-plan.yaml', BAKERY], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('didops: BASE old-plan.yaml: no such file; give the path of a plan file, or a git version as REF:PATH');
  });

  it('names the ref and the fix when git does not know it, and treats a plan new in HEAD as new', async () => {
    await git(dir, 'init', '-q');
    await git(dir, 'config', 'user.email', 'reviewer@example.com');
    await git(dir, 'config', 'user.name', 'Reviewer');
    writeFileSync(join(dir, 'README'), 'routing plans\n');
    await git(dir, 'add', 'README');
    await git(dir, 'commit', '-q', '-m', 'start');
    copyFileSync(NATIONAL, join(dir, 'national.yaml'));
    await git(dir, 'add', 'national.yaml');
    await git(dir, 'commit', '-q', '-m', 'add the national number');
    const unknown = await didops(['routing', 'diff', 'origin/main', 'HEAD', '--file', 'national.yaml'], dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('BASE origin/main: git knows no commit "origin/main"; check the name, or fetch it first');
    const added = await didops(['routing', 'diff', 'HEAD~1', 'HEAD', '--file', 'national.yaml'], dir);
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('- New plan: calls start at the call screening `screening`.');
  });

  it('explains how to name a git version when BASE is neither a file nor REF:PATH', async () => {
    const run = await didops(['routing', 'diff', 'main', join(dir, 'missing.yaml')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('BASE main: no such file; to compare git versions write REF:PATH');
  });
});

describe('didops routing compile', () => {
  it('prints the same Studio flow JSON on every run', async () => {
    // One run in the built bin, one in this process: the same JSON from two processes.
    const [first, second] = await Promise.all([didopsBinary(['routing', 'compile', SUPPORT]), didops(['routing', 'compile', SUPPORT])]);
    expect(first.status).toBe(0);
    const flow = JSON.parse(first.stdout);
    expect(flow.initial_state).toBe('Trigger');
    expect(Array.isArray(flow.states)).toBe(true);
    expect(second.stdout).toBe(first.stdout);
  });

  it('refuses to compile a plan that fails its checks', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'start: shop\nsteps:\n  shop: { type: forward, to: "+12125550142", onBusy: nowhere }\n');
    const run = await didops(['routing', 'compile', file]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error: plans.bad.shop.onBusy: "nowhere" is not a step of this plan');
  });
});

describe('didops routing simulate', () => {
  it('follows an evening call to the bakery through the closed greeting to voicemail', async () => {
    const run = await didops(['routing', 'simulate', BAKERY, '--from', '+14155550123', '--at', '2026-11-24T19:00', '--digits', '2']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Call from \+1 415 555 0123 to plan bakery, Tue 2026-11-24 19:00 America\/New_York \(call SID CA[0-9a-f]{32}\)$/);
    expect(lines.slice(1).map((l) => l.replace(/:.*/, ''))).toEqual([' 1. hours', ' 2. closed_greeting', ' 3. voicemail', 'Result']);
    expect(lines[lines.length - 1]).toBe('Result: Left a voicemail.');
  });

  it('presses 2 at the call centre, waits too long in billing and overflows to the second site', async () => {
    const run = await didops(['routing', 'simulate', SUPPORT, '--from', '+442079460000', '--at', '2026-11-24T10:00', '--digits', '2', '--queue-timeout', 'billing', '--json']);
    expect(run.status).toBe(0);
    const call = JSON.parse(run.stdout);
    expect(call.plan).toBe('support');
    expect(call.steps.map((s: { step: string }) => s.step)).toEqual(['hours', 'menu', 'billing_queue', 'overflow']);
    expect(call.ending).toBe('Connected to sip:support@pbx.manchester.acme.example:5060.');
    expect(call.scenario.inputs).toEqual(['2']);
  });

  it('keeps menu inputs in command-line order and fails rings it is told to', async () => {
    const run = await didops(['routing', 'simulate', SUPPORT, '--from', '+442079460000', '--at', '2026-11-24T10:00', '--say', 'nothing useful', '--digits', ',9', '--no-answer', '+44 20 7946 0123', '--busy', 'sip:support@pbx.manchester.acme.example:5060', '--json']);
    const call = JSON.parse(run.stdout);
    expect(call.scenario.inputs).toEqual(['speech:nothing useful', '', '9']);
    expect(call.steps.map((s: { step: string }) => s.step)).toEqual(['hours', 'menu', 'operator', 'overflow', 'voicemail']);
  });

  it('takes the same split branch on every run, and another with another call SID', async () => {
    const args = ['routing', 'simulate', NATIONAL, '--from', '+12125550123', '--at', '2026-11-24T10:00', '--json'];
    const [a, b] = await Promise.all([didopsBinary(args), didops(args)]); // the built bin and this process agree
    expect(a.stdout).toBe(b.stdout);
    const branch = (run: CliRun) => JSON.parse(run.stdout).steps.find((s: { step: string }) => s.step === 'east_trial').action;
    const low = await didops([...args, '--call-sid', `CA${'0'.repeat(32)}`]);
    const high = await didops([...args, '--call-sid', `CA${'f'.repeat(32)}`]);
    expect(branch(low)).toContain('80% branch');
    expect(branch(high)).toContain('20% branch');
  });

  it('names the option and the fix for a bad number, time, target or call SID (exit 2)', async () => {
    const base = ['routing', 'simulate', BAKERY, '--from', '+14155550123', '--at', '2026-11-24T19:00'];
    const cases: Array<[string[], string]> = [
      [['routing', 'simulate', BAKERY, '--from', '4155550123', '--at', '2026-11-24T19:00'], '--from 4155550123: write the caller\'s number with its country code and a leading "+", e.g. +14155550123'],
      [['routing', 'simulate', BAKERY, '--from', '+14155550123', '--at', 'tonight'], '--at: "tonight" is not a time'],
      [[...base, '--no-answer', '+1 415 555 0100'], '--no-answer +1 415 555 0100: the plan never rings it; it rings +1 212 555 0142, +1 917 555 0199'],
      [[...base, '--queue-timeout', 'sales'], '--queue-timeout sales: the plan has no queue "sales"'],
      [[...base, '--call-sid', 'CA123'], '--call-sid CA123: expected CA followed by 32 hex digits'],
      [['routing', 'simulate', BAKERY, '--at', '2026-11-24T19:00'], "didops: --from is required: the caller's number, e.g. --from +14155550123\n"],
      [['routing', 'simulate', BAKERY, '--from', '+14155550123'], 'didops: --at is required: when the call arrives, e.g. --at 2026-11-24T19:00'],
    ];
    for (const [args, message] of cases) {
      const run = await didops(args);
      expect({ args, status: run.status }).toEqual({ args, status: 2 });
      expect(run.stderr).toContain(message);
    }
  });
});

describe('didops routing help', () => {
  it('explains every subcommand with an example', async () => {
    for (const sub of ['check', 'render', 'diff', 'compile', 'simulate']) {
      const run = await didops(['routing', sub, '--help']);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/Examples?:\n\s+\$ didops routing /);
      // Repeatable options start empty; commander's "(default: [])" only adds noise.
      expect(run.stdout).not.toContain('(default: [])');
    }
  });

  it('treats an unknown option as a usage error (exit 2)', async () => {
    const run = await didopsBinary(['routing', 'render', BAKERY, '--colour', 'red']); // the built bin: exit 2 thrown by commander
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("didops: unknown option '--colour'");
  });
});
