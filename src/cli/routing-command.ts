/**
 * `didops routing`: check, draw, compare, compile and simulate routing plans from plan files.
 *
 * Exit codes: 0 success; 1 the plan itself is wrong (syntax, shape, failed checks); 2 the command
 * line is wrong (unknown option, missing file or git ref, no such plan), so scripts and CI can tell
 * "fix the plan" from "fix the invocation".
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, relative } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DateTime } from 'luxon';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../core/diagnostics';
import { parseE164, type E164 } from '../core/e164';
import { isDidopsError } from '../core/errors';
import type { DialOutcome, QueueOutcome } from '../routing/call-scenario';
import { validatePlanDocument } from '../routing/check';
import { compiledFlowJson } from '../routing/compile';
import { formatNumber } from '../routing/describe';
import { diffRoutingPlans, renderDiffMarkdown, type NamedPlan, type RoutingDiff } from '../routing/diff';
import type { RoutingPlan } from '../routing/model';
import { parsePlanText, parseRoutingPlans, readPlanDocument, type ParsedPlan } from '../routing/parse';
import { isPlanModule, loadPlanModule } from '../routing/plan-module';
import { renderMermaid } from '../routing/render-mermaid';
import type { CliIo } from './io';
import { deriveCallSid, parseCallTime, simulateCall, type SimulatedCall } from '../routing/simulate';

/** Marks the PR comment `routing diff` writes, so a CI job can find and update its earlier comment. */
export const DIFF_COMMENT_MARKER = '<!-- didops routing diff -->';

/** The command line is wrong (exit 2); the message names the option or argument and the fix. */
class UsageError extends Error {}

/** The plan is wrong (exit 1); the diagnostics say where. */
class PlanError extends Error {
  constructor(
    message: string,
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    super(message);
  }
}

/** Ends a command that has already said why it failed, with its exit code (runCli turns it into the process's). */
function exitWith(code: 1 | 2, message: string): CommanderError {
  return new CommanderError(code, 'didops.failed', message);
}

/**
 * Runs an action, turning its failures into one clear message on `io.stderr` and the documented exit code.
 * Commander's own usage errors (unknown option, missing argument) exit 1 by default; the
 * `exitOverride` on `routing` maps them to 2 to match.
 */
function actionOver(io: CliIo): <A extends unknown[]>(run: (...args: A) => Promise<void> | void) => (...args: A) => Promise<void> {
  return (run) => async (...args) => {
    try {
      await run(...args);
    } catch (err) {
      if (err instanceof UsageError) {
        io.stderr.write(`didops: ${err.message}\n(run with --help for usage)\n`);
        throw exitWith(2, err.message);
      } else if (err instanceof PlanError) {
        for (const d of err.diagnostics) io.stderr.write(`${d.severity}: ${formatDiagnostic(d)}\n`);
        io.stderr.write(`didops: ${err.message}\n`);
        throw exitWith(1, err.message);
      } else if (isDidopsError(err)) {
        io.stderr.write(`didops: ${err.message}\n`);
        throw exitWith(1, err.message);
      }
      throw err;
    }
  };
}

/** Reads a plan file; a missing file is a usage error, bad YAML a plan error. */
function readPlanFile(path: string, what = 'PLANFILE'): string {
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`${what} ${path}: no such file; give the path of a .yaml, .yml or .json plan file, or a .ts or .js module that exports plans`);
  return readFileSync(path, 'utf8');
}

/** Parses plan text, turning syntax errors into a PlanError. */
function parsePlans(text: string, source: string): ParsedPlan[] {
  try {
    return parsePlanText(text, source);
  } catch (err) {
    if (isDidopsError(err)) throw new PlanError(err.message);
    throw err;
  }
}

/** A plan file as a document: YAML or JSON text parsed, or a TypeScript/JavaScript module's exported plans. */
function readPlanSource(file: string, what = 'PLANFILE'): unknown {
  if (isPlanModule(file)) {
    readPlanFile(file, what); // the same "no such file" usage error as for YAML
    try {
      return loadPlanModule(file);
    } catch (err) {
      if (isDidopsError(err)) throw new PlanError(err.message);
      throw err;
    }
  }
  const text = readPlanFile(file, what);
  try {
    return readPlanDocument(text, file);
  } catch (err) {
    if (isDidopsError(err)) throw new PlanError(err.message);
    throw err;
  }
}

/** Every plan of a plan file (YAML, JSON or a module), parsed. */
function loadPlans(file: string): ParsedPlan[] {
  return parseRoutingPlans(readPlanSource(file), basename(file, extname(file)) || 'plan');
}

/** Picks the one plan a command works on: `--plan NAME`, or the only plan in the file. */
function pickPlan(plans: readonly ParsedPlan[], wanted: string | undefined, source: string): NamedPlan {
  const named = plans.filter((p) => p.name !== '');
  const fileLevel = plans.filter((p) => p.name === '').flatMap((p) => p.diagnostics);
  if (hasErrors(fileLevel)) throw new PlanError(`${source} is not a valid plan file`, fileLevel);
  const names = named.map((p) => p.name);
  let chosen: ParsedPlan | undefined;
  if (wanted !== undefined) {
    chosen = named.find((p) => p.name === wanted);
    if (!chosen) throw new UsageError(`--plan ${wanted}: ${source} has no plan "${wanted}"; ${names.length === 1 ? `its plan is ${names[0]}` : `its plans are ${names.join(', ') || '(none)'}`}`);
  } else if (named.length === 1) {
    chosen = named[0];
  } else {
    throw new UsageError(`${source} has ${named.length} plans (${names.join(', ')}); choose one with --plan NAME`);
  }
  if (!chosen.plan) throw new PlanError(`plan "${chosen.name}" in ${source} is not valid; fix the errors above`, chosen.diagnostics);
  return { name: chosen.name, plan: chosen.plan };
}

/** Writes command output to a file (creating its folder) or to `io.stdout`. */
function emitOver(io: CliIo): (content: string | Buffer, out: string | undefined) => void {
  return (content, out) => {
    if (out === undefined) {
      io.stdout.write(content);
      return;
    }
    const folder = dirname(out);
    if (folder && !existsSync(folder)) mkdirSync(folder, { recursive: true });
    writeFileSync(out, content);
    io.stdout.write(`Wrote ${out} (${content.length} bytes)\n`);
  };
}

/** What a missing required option is for, so its error can show how to give it. */
const REQUIRED_HINTS: Record<string, string> = {
  '--from': "the caller's number, e.g. --from +14155550123",
  '--at': "when the call arrives, e.g. --at 2026-11-24T19:00 (the plan's time zone) or --at 2026-11-24T19:00Z",
};

/** Rewrites commander's "error: …" lines as "didops: …", naming the fix for a missing required option. */
export function commanderMessage(text: string): string {
  const missing = /^error: required option '(--[a-z-]+)[^']*' not specified/.exec(text);
  if (missing) return `didops: ${missing[1]} is required: ${REQUIRED_HINTS[missing[1]] ?? 'add it'}\n`;
  return text.replace(/^error: /, 'didops: ');
}

function collect(value: string, previous: unknown): string[] {
  return [...(Array.isArray(previous) ? (previous as string[]) : []), value];
}

/** Registers `didops routing` and its subcommands, printing to `io`. */
export function registerRoutingCommand(program: Command, io: CliIo): void {
  const action = actionOver(io);
  const emit = emitOver(io);
  const routing = program
    .command('routing')
    .description('Check, draw, compare, compile and simulate routing plans (YAML or JSON plan files).')
    .exitOverride((err) => {
      // Commander reports its usage errors with exit code 1; ours are 2, and help stays 0.
      throw err.exitCode === 1 && err.code.startsWith('commander.') ? new CommanderError(2, err.code, err.message) : err;
    })
    // Commander's own usage errors in the same voice as ours ("didops: …"), with the fix for a missing option.
    .configureOutput({ outputError: (text, write) => write(commanderMessage(text)) })
    .addHelpText(
      'after',
      `
Examples:
  $ didops routing check routing/support.yaml
  $ didops routing render routing/support.yaml --format svg --out support.svg
  $ didops routing diff origin/main HEAD --file routing/support.yaml --out comment.md
  $ didops routing simulate routing/support.yaml --from +14155550123 --at 2026-11-24T19:00 --digits 2

Exit codes: 0 done, 1 the plan has errors, 2 the command line is wrong.
A guide for reviewers and CI authors is in docs/routing-review.md.`,
    );

  routing
    .command('check')
    .description('Validate every plan in a file: shape, references, reachability, loops, menus, schedules, recording.')
    .argument('<planfile>', 'plan file (.yaml, .yml or .json)')
    .option('--json', 'print the diagnostics as JSON')
    .addHelpText(
      'after',
      `
Prints one line per problem with its step path, e.g.
  error: plans.support.menu.onTimeout: …; add onTimeout: <step>
Exits 1 when any plan has an error; warnings alone exit 0.

Example:
  $ didops routing check examples/routing/call-centre.yaml`,
    )
    .action(
      action((file: string, f: { json?: boolean }) => {
        const raw = readPlanSource(file);
        const results = validatePlanDocument(raw, basename(file, extname(file)) || 'plan');
        const errors = results.flatMap((r) => r.diagnostics).filter((d) => d.severity === 'error').length;
        const warnings = results.flatMap((r) => r.diagnostics).filter((d) => d.severity === 'warning').length;
        if (f.json) {
          io.stdout.write(`${JSON.stringify(results.map((r) => ({ name: r.name, valid: !hasErrors(r.diagnostics), diagnostics: r.diagnostics })), null, 2)}\n`);
        } else {
          for (const r of results) {
            for (const d of r.diagnostics) io.stdout.write(`${d.severity}: ${formatDiagnostic(d)}\n`);
          }
          for (const r of results.filter((p) => p.name !== '')) {
            const e = r.diagnostics.filter((d) => d.severity === 'error').length;
            const w = r.diagnostics.length - e;
            const steps = r.plan ? count(Object.keys(r.plan.steps).length, 'step') : 'the other checks run once these are fixed';
            io.stdout.write(`${r.name}: ${e === 0 ? 'OK' : count(e, 'error')}${w > 0 ? `, ${count(w, 'warning')}` : ''} (${steps})\n`);
          }
        }
        if (errors > 0) {
          const message = `${file} has ${count(errors, 'error')}${warnings > 0 ? ` and ${count(warnings, 'warning')}` : ''}`;
          if (!f.json) io.stderr.write(`didops: ${message}\n`);
          throw exitWith(1, message);
        }
      }),
    );

  routing
    .command('render')
    .description('Draw a plan as a Mermaid flowchart (default, to stdout), an SVG or a PNG.')
    .argument('<planfile>', 'plan file (.yaml, .yml or .json)')
    .option('--plan <name>', 'which plan, when the file has several')
    .addOption(new Option('--format <format>', 'mermaid, svg or png (default: from --out’s extension, else mermaid)').choices(['mermaid', 'svg', 'png']))
    .option('-o, --out <file>', 'write to this file instead of stdout (required for png)')
    .option('--font <file>', 'font file for PNG text, for machines without system fonts (repeatable)', collect)
    .option('--scale <factor>', 'PNG pixels per diagram unit (1 to 4)', (v) => scaleOption(v), 2)
    .addHelpText(
      'after',
      `
Examples:
  $ didops routing render examples/routing/small-business.yaml                  # Mermaid on stdout
  $ didops routing render examples/routing/call-centre.yaml --out support.svg
  $ didops routing render plans.yaml --plan sales --format png --out sales.png

The SVG and PNG are drawn without a browser; the PNG needs a font on the machine (DejaVu Sans on most
Linux systems) or --font FILE.ttf.`,
    )
    .action(
      action(async (file: string, f: { plan?: string; format?: 'mermaid' | 'svg' | 'png'; out?: string; font?: string[]; scale: number }) => {
        const fonts = f.font ?? [];
        const fromExtension = f.out ? ({ '.svg': 'svg', '.png': 'png', '.mmd': 'mermaid', '.md': 'mermaid' } as const)[extname(f.out).toLowerCase() as '.svg'] : undefined;
        const format = f.format ?? fromExtension ?? 'mermaid';
        if (format === 'png' && !f.out) throw new UsageError('--format png: a PNG is binary; add --out FILE.png');
        for (const font of fonts) if (!existsSync(font)) throw new UsageError(`--font ${font}: no such file; give a .ttf or .otf font file`);
        const { name, plan } = pickPlan(loadPlans(file), f.plan, file);
        if (format === 'mermaid') return emit(renderMermaid(name, plan), f.out);
        // resvg is a native module; load it only when a picture is asked for.
        const image = await import('../routing/render-image');
        if (format === 'svg') return emit(image.renderSvg(name, plan), f.out);
        return emit(image.renderPng(name, plan, { fontFiles: fonts, scale: f.scale }), f.out);
      }),
    );

  routing
    .command('diff')
    .description('Compare two versions of a plan file and write a Markdown pull-request comment: what callers will notice, step changes, and the diagram.')
    .argument('<base>', 'the version before: a file, REF:PATH (git), or a git ref with --file')
    .argument('<head>', 'the version after: a file, REF:PATH (git), or a git ref with --file')
    .option('--file <path>', 'plan file path inside the repository; BASE and HEAD are then git refs')
    .option('--plan <name>', 'compare only this plan (default: every plan in the file)')
    .option('-o, --out <file>', 'write the Markdown to this file instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ didops routing diff old/support.yaml routing/support.yaml
  $ didops routing diff origin/main HEAD --file routing/support.yaml --out comment.md
  $ didops routing diff main:routing/support.yaml ./routing/support.yaml
  $ didops routing diff origin/main routing/support.yaml        # your working copy against origin/main's

With --file the path is relative to the current directory; in REF:PATH it is git's (from the repository
root, or ./PATH from the current directory). A file missing at BASE is reported as a new plan.`,
    )
    .action(
      action(async (baseArg: string, headArg: string, f: { file?: string; plan?: string; out?: string }) => {
        // Both reads run at once; BASE's problem is reported first whatever finishes first.
        // `diff origin/main routing/support.yaml`: the working copy against the same path at a ref.
        const looksLikeFile = /\.(ya?ml|json)$/i.test(baseArg);
        const baseFile = f.file ?? (!existsSync(baseArg) && !baseArg.includes(':') && !looksLikeFile && existsSync(headArg) ? headArg : undefined);
        const settled = await Promise.allSettled([readVersion(baseArg, 'BASE', baseFile), readVersion(headArg, 'HEAD', f.file)]);
        const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
        const [base, head] = settled.map((r) => (r as PromiseFulfilledResult<PlanVersion>).value);
        if (base.text === undefined && head.text === undefined && base.plans === undefined && head.plans === undefined) {
          throw new UsageError(`${f.file ?? baseArg}: the file exists in neither ${base.label} nor ${head.label}`);
        }
        const basePlans = base.plans ?? (base.text === undefined ? [] : parsePlans(base.text, base.source));
        const headPlans = head.plans ?? (head.text === undefined ? [] : parsePlans(head.text, head.source));
        const valid = (plans: ParsedPlan[], source: string) => {
          const bad = plans.filter((p) => !p.plan);
          if (bad.length > 0) throw new PlanError(`${source} has invalid plans (${bad.map((p) => p.name || 'file').join(', ')}); fix them before comparing`, bad.flatMap((p) => p.diagnostics));
          return new Map(plans.map((p) => [p.name, { name: p.name, plan: p.plan as RoutingPlan }]));
        };
        const before = valid(basePlans, base.source);
        const after = valid(headPlans, head.source);
        const names = f.plan !== undefined ? [f.plan] : [...new Set([...after.keys(), ...before.keys()])];
        if (f.plan !== undefined && !before.has(f.plan) && !after.has(f.plan)) {
          throw new UsageError(`--plan ${f.plan}: neither version has a plan "${f.plan}"; the plans are ${[...new Set([...after.keys(), ...before.keys()])].join(', ') || '(none)'}`);
        }
        const diffs: RoutingDiff[] = names.map((n) => diffRoutingPlans(before.get(n), after.get(n)));
        const sections = diffs.map((d) => renderDiffMarkdown(d, { baseLabel: base.label, headLabel: head.label }));
        emit(`${DIFF_COMMENT_MARKER}\n${sections.join('\n')}`, f.out);
      }),
    );

  routing
    .command('compile')
    .description('Print the Twilio Studio flow definition (JSON) a plan compiles to; the plan must pass the checks.')
    .argument('<planfile>', 'plan file (.yaml, .yml or .json)')
    .option('--plan <name>', 'which plan, when the file has several')
    .option('-o, --out <file>', 'write the JSON to this file instead of stdout')
    .addHelpText(
      'after',
      `
The same plan always compiles to byte-identical JSON, so a diff of two compiled flows shows only real changes.

Example:
  $ didops routing compile examples/routing/call-centre.yaml --out support.flow.json`,
    )
    .action(
      action((file: string, f: { plan?: string; out?: string }) => {
        const raw = readPlanSource(file);
        const checked = validatePlanDocument(raw, basename(file, extname(file)) || 'plan');
        const { name, plan } = pickPlan(checked, f.plan, file);
        const diagnostics = checked.find((c) => c.name === name)?.diagnostics ?? [];
        if (hasErrors(diagnostics)) throw new PlanError(`plan "${name}" fails its checks; fix the errors above (didops routing check ${file})`, diagnostics.filter((d) => d.severity === 'error'));
        emit(compiledFlowJson(plan, { name }), f.out);
      }),
    );

  const inputs: string[] = [];
  routing
    .command('simulate')
    .description('Follow one call through a plan, step by step: who calls, when, what they press or say, and how each ring ends.')
    .argument('<planfile>', 'plan file (.yaml, .yml or .json)')
    .option('--plan <name>', 'which plan, when the file has several')
    .requiredOption('--from <number>', "the caller's number, e.g. +14155550123")
    .requiredOption('--at <time>', "when the call arrives: 2026-11-24T19:00 (the plan's time zone) or with Z / an offset")
    .option('--digits <list>', 'keys pressed at each menu, comma-separated ("2,1"); an empty entry lets that menu time out', (v) => {
      inputs.push(...v.split(',').map((d) => d.trim()));
      return v;
    })
    .option('--say <words>', 'words spoken at the next menu (repeatable; mixes with --digits in command-line order)', (v) => {
      inputs.push(`speech:${v}`);
      return v;
    })
    .option('--no-answer <target>', 'this number or SIP URI does not answer (repeatable)', collect)
    .option('--busy <target>', 'this number or SIP URI is busy (repeatable)', collect)
    .option('--fail <target>', 'calling this number or SIP URI fails (repeatable)', collect)
    .option('--queue-timeout <queue>', 'nobody answers in this queue before its maxWait (repeatable)', collect)
    .option('--queue-fail <queue>', 'this queue refuses the call (repeatable)', collect)
    .option('--call-sid <sid>', 'the call SID (CA + 32 hex); percentage splits choose by its last two hex digits (default: derived from --from and --at)')
    .option('--json', 'print the simulated call as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ didops routing simulate examples/routing/small-business.yaml --from +14155550123 --at 2026-11-24T19:00
  $ didops routing simulate examples/routing/call-centre.yaml --from +442079460000 --at 2026-11-24T10:00 --digits 2 --queue-timeout billing
  $ didops routing simulate examples/routing/geo-routed.yaml --from +12125550123 --at 2026-11-24T10:00Z --no-answer "+1 646 555 0170" --busy "+1 646 555 0171" --json

Anything not listed answers. Without --call-sid the SID is derived from --from and --at, so a re-run takes
the same percentage-split branch; pass --call-sid to try another.`,
    )
    .action(
      action((file: string, f: SimulateFlags) => {
        const { name, plan } = pickPlan(loadPlans(file), f.plan, file);
        let from: E164;
        try {
          from = parseE164(f.from, { field: 'from' });
        } catch (err) {
          // The library's advice ("or set defaultCountry") is no option here; the fix on the command line is the "+".
          if (!f.from.trim().startsWith('+')) throw new UsageError(`--from ${f.from}: write the caller's number with its country code and a leading "+", e.g. +14155550123`);
          throw new UsageError(`--from: ${isDidopsError(err) ? `${err.summary}${err.detail ? `; ${err.detail}` : ''}` : String(err)}`);
        }
        const zone = callZone(plan);
        let at: Date;
        try {
          at = parseCallTime(f.at, zone);
        } catch (err) {
          throw new UsageError(`--at: ${isDidopsError(err) ? `${err.summary}${err.detail ? `; ${err.detail}` : ''}` : String(err)}`);
        }
        if (f.callSid !== undefined && !/^CA[0-9a-f]{32}$/i.test(f.callSid)) throw new UsageError(`--call-sid ${f.callSid}: expected CA followed by 32 hex digits`);
        const outcomes = scenarioOutcomes(plan, f);
        const call = simulateCall(plan, { from, at, inputs: [...inputs], outcomes, callSid: f.callSid ?? deriveCallSid(from, at) });
        if (f.json) io.stdout.write(`${JSON.stringify({ plan: name, ...call }, null, 2)}\n`);
        else io.stdout.write(formatSimulatedCall(name, call, zone));
      }),
    );
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function scaleOption(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1 || n > 4) throw new InvalidArgumentError(`--scale must be a number from 1 to 4 (got "${value}")`);
  return n;
}

interface SimulateFlags {
  plan?: string;
  from: string;
  at: string;
  answer?: string[] | boolean;
  busy?: string[];
  fail?: string[];
  queueTimeout?: string[];
  queueFail?: string[];
  callSid?: string;
  json?: boolean;
}

/** The zone a time without an offset is read in: the plan's, else its first schedule's, else UTC. */
function callZone(plan: RoutingPlan): string {
  if (plan.timeZone) return plan.timeZone;
  for (const step of Object.values(plan.steps)) if (step.type === 'schedule' && step.timeZone) return step.timeZone;
  return 'UTC';
}

/** `--no-answer`, `--busy`, `--fail`, `--queue-timeout` and `--queue-fail` as the scenario's outcomes, each target checked against the plan. */
function scenarioOutcomes(plan: RoutingPlan, f: SimulateFlags): Record<string, DialOutcome | QueueOutcome> {
  const ringTargets = new Set<string>();
  const queues = new Set<string>();
  for (const step of Object.values(plan.steps)) {
    if (step.type === 'forward' || step.type === 'sip') ringTargets.add(step.to);
    if (step.type === 'ring') step.targets.forEach((t) => ringTargets.add(t));
    if (step.type === 'queue') queues.add(step.queue);
  }
  const out: Record<string, DialOutcome | QueueOutcome> = {};
  const dial = (flag: string, values: readonly string[], outcome: DialOutcome) => {
    for (const value of values) {
      let key = value.trim();
      if (!/^sips?:/i.test(key)) {
        try {
          key = parseE164(key);
        } catch {
          throw new UsageError(`${flag} ${value}: not a phone number or SIP URI; write it like +14155550100 or sip:desk@pbx.example.com`);
        }
      }
      if (!ringTargets.has(key)) throw new UsageError(`${flag} ${value}: the plan never rings it; it rings ${[...ringTargets].map(formatNumber).join(', ') || 'nothing'}`);
      out[key] = outcome;
    }
  };
  dial('--no-answer', Array.isArray(f.answer) ? f.answer : [], 'no-answer');
  dial('--busy', f.busy ?? [], 'busy');
  dial('--fail', f.fail ?? [], 'failed');
  const queue = (flag: string, values: readonly string[], outcome: QueueOutcome) => {
    for (const q of values) {
      if (!queues.has(q)) throw new UsageError(`${flag} ${q}: the plan has no queue "${q}"; its queues are ${[...queues].join(', ') || '(none)'}`);
      out[`queue:${q}`] = outcome;
    }
  };
  queue('--queue-timeout', f.queueTimeout ?? [], 'timeout');
  queue('--queue-fail', f.queueFail ?? [], 'failed');
  return out;
}

/** The simulated call as numbered lines a person reads. */
export function formatSimulatedCall(name: string, call: SimulatedCall, zone: string): string {
  const local = DateTime.fromJSDate(call.scenario.at, { zone });
  const lines = [`Call from ${formatNumber(call.scenario.from)} to plan ${name}, ${local.toFormat('ccc yyyy-MM-dd HH:mm')} ${zone} (call SID ${call.scenario.callSid})`];
  if (call.preamble) lines.push(`   ${call.preamble}`);
  const width = String(call.steps.length).length;
  call.steps.forEach((s, i) => lines.push(`${String(i + 1).padStart(width + 1)}. ${s.step}: ${s.action}`));
  lines.push(`Result: ${call.ending}`);
  return `${lines.join('\n')}\n`;
}

/** One side of a diff: its label for the comment, where its text came from, and the text (undefined when the file does not exist there). */
interface PlanVersion {
  readonly label: string;
  readonly source: string;
  readonly text: string | undefined;
  /** The plans of a TypeScript/JavaScript module, which are loaded rather than read as text (files only, not git refs). */
  readonly plans?: ParsedPlan[];
}

/** Reads BASE or HEAD: a file, `REF:PATH`, or a ref with `--file`. */
async function readVersion(arg: string, role: 'BASE' | 'HEAD', file: string | undefined): Promise<PlanVersion> {
  if (file !== undefined) {
    // git reads "./path" relative to the current directory, which is how people type --file.
    // git show takes no absolute paths ("exists on disk, but not in HEAD"), so make them relative too.
    const rel = isAbsolute(file) ? relative(process.cwd(), file) : file;
    const path = rel.startsWith('./') || rel.startsWith('../') ? rel : `./${rel}`;
    return { label: arg, source: `${arg}:${file}`, text: await gitShow(arg, path, role) };
  }
  if (existsSync(arg) && isPlanModule(arg)) return { label: arg, source: arg, text: undefined, plans: loadPlans(arg) };
  if (existsSync(arg)) return { label: arg, source: arg, text: readPlanFile(arg, role) };
  if (/\.(ya?ml|json)$/i.test(arg) && !arg.includes(':')) throw new UsageError(`${role} ${arg}: no such file; give the path of a plan file, or a git version as REF:PATH (origin/main:routing/support.yaml)`);
  const ref = /^([^:]+):(.+)$/.exec(arg);
  if (ref) return { label: arg, source: arg, text: await gitShow(ref[1], ref[2], role) };
  throw new UsageError(`${role} ${arg}: no such file; to compare git versions write REF:PATH (origin/main:routing/support.yaml) or give refs with --file PATH`);
}

/** `git show REF:PATH`, with git's complaints turned into messages that name the ref and the fix; undefined when the file is not in that commit. */
function gitShow(ref: string, path: string, role: 'BASE' | 'HEAD'): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    execFile('git', ['show', `${ref}:${path}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const said = String(stderr).trim();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new UsageError(`${role} ${ref}: git is not installed here; install git or compare two plan files`));
      if (/not a git repository/i.test(said)) return reject(new UsageError(`${role} ${ref}: not inside a git repository; run from the repository or compare two plan files`));
      if (/does not exist in|exists on disk, but not in/i.test(said)) return resolve(undefined);
      if (/outside repository/i.test(said)) return reject(new UsageError(`${role} ${ref}: ${path} is outside this git repository; run didops inside the repository that holds the plan, or compare two plan files`));
      if (/invalid object name|unknown revision|bad revision|ambiguous argument|not a valid object name/i.test(said)) {
        return reject(new UsageError(`${role} ${ref}: git knows no commit "${ref}"; check the name, or fetch it first (git fetch origin; in GitHub Actions check out with fetch-depth: 0)`));
      }
      reject(new UsageError(`${role} ${ref}:${path}: git show failed: ${said.split('\n')[0] || (err as Error).message}`));
    });
  });
}
