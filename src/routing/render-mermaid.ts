/**
 * A routing plan as a Mermaid flowchart, for READMEs and pull-request comments (GitHub draws
 * ```mermaid blocks), and the graph both diagram renderers draw: one node per step a call can
 * reach, one labelled arrow per branch, changed and new steps marked for the diff.
 *
 * The output is deterministic (steps in the order a call can first reach them, arrows in the order
 * each step tries its branches), so a diagram committed next to its plan only changes when the
 * plan does.
 */
import type { RoutingPlan, Step } from './model';
import { DECISION_TYPES, recordsCalls, describePrompt, describeStep, stepBranches, wrapWords } from './describe';

/** How a node is drawn. */
export type NodeShape = 'start' | 'decision' | 'destination' | 'message' | 'voicemail' | 'ending' | 'missing' | 'removed';

/** How a diff marks a step. */
export type NodeMark = 'changed' | 'added' | 'removed';

/** A box in the diagram. */
export interface PlanGraphNode {
  /** Diagram id: the step's name, unless that is a Mermaid keyword (see {@link diagramId}). */
  readonly id: string;
  /** The step's name; absent for the start node. */
  readonly step?: string;
  readonly shape: NodeShape;
  /** Label lines: the step's name, then what it does, wrapped. */
  readonly lines: readonly string[];
  readonly mark?: NodeMark;
}

/** An arrow: branches of one step that lead to the same next step share one arrow and their labels. */
export interface PlanGraphEdge {
  readonly from: string;
  readonly to: string;
  /** Words on the arrow, one entry per branch ("no answer", "busy"); empty for a plain "then". */
  readonly labels: readonly string[];
}

/** What the renderers draw. */
export interface PlanGraph {
  readonly nodes: readonly PlanGraphNode[];
  readonly edges: readonly PlanGraphEdge[];
  /** Steps no call can reach; left out of the picture and listed in a comment instead. */
  readonly unreachable: readonly string[];
}

/** Steps a diff wants marked in the diagram (names of the head plan's steps, or of removed steps). */
export interface DiagramMarks {
  readonly changed?: ReadonlySet<string>;
  readonly added?: ReadonlySet<string>;
  /** Removed steps are drawn as loose, struck-out boxes so the reviewer sees what went away. */
  readonly removed?: ReadonlySet<string>;
}

/** Id of the start node; step names never hold a double underscore, so it cannot collide. */
export const START_NODE_ID = 'call__start';

/**
 * Words Mermaid's flowchart lexer reads as keywords. It matches them at the start of a word before it
 * tries a node id, so an id that merely *begins* with one (`styles`, `classroom`, `graphics`) breaks the
 * diagram too (GitHub shows "Unable to render rich display"); such steps get another id.
 */
const MERMAID_KEYWORD_PREFIX = /^(?:style|default|linkStyle|interpolate|classDef|class|graph|flowchart|subgraph|accTitle|accDescr|direction)|^(?:end|click|call|href)(?![A-Za-z0-9_])/i;

/** The diagram id of a step: its name, or `step__<name>` when the name starts with a Mermaid keyword such as `end` or `style`. */
export function diagramId(stepName: string): string {
  return MERMAID_KEYWORD_PREFIX.test(stepName) ? `step__${stepName}` : stepName;
}

/** Characters per label line; decisions are narrower because diamonds grow fast. */
const LINE_WIDTH = 40;
const DECISION_LINE_WIDTH = 28;

function shapeOf(step: Step): NodeShape {
  if (DECISION_TYPES.has(step.type)) return 'decision';
  if (step.type === 'voicemail') return 'voicemail';
  if (step.type === 'hangup') return 'ending';
  if (step.type === 'say') return 'message';
  return 'destination';
}

/** Builds the graph both renderers draw: the start node, then every reachable step in the order a call first meets it. */
export function planGraph(name: string, plan: RoutingPlan, marks: DiagramMarks = {}): PlanGraph {
  const records = recordsCalls(plan);
  const startLines = [`Call to ${name}`];
  if (records && plan.recording) startLines.push(...wrapWords(`Recording notice: ${describePrompt(plan.recording.disclosure, 40)}`, LINE_WIDTH));
  const nodes: PlanGraphNode[] = [{ id: START_NODE_ID, shape: 'start', lines: startLines }];
  const edges: PlanGraphEdge[] = [{ from: START_NODE_ID, to: diagramId(plan.start), labels: [] }];
  const order: string[] = [plan.start];
  const seen = new Set(order);
  for (let i = 0; i < order.length; i++) {
    const stepName = order[i];
    const step: Step | undefined = plan.steps[stepName];
    const mark = markOf(stepName, marks);
    if (step === undefined) {
      nodes.push({ id: diagramId(stepName), step: stepName, shape: 'missing', lines: [stepName, 'missing step'], ...(mark ? { mark } : {}) });
      continue;
    }
    const width = DECISION_TYPES.has(step.type) ? DECISION_LINE_WIDTH : LINE_WIDTH;
    nodes.push({ id: diagramId(stepName), step: stepName, shape: shapeOf(step), lines: [stepName, ...wrapWords(describeStep(step, plan), width)], ...(mark ? { mark } : {}) });
    const byTarget = new Map<string, string[]>();
    for (const b of stepBranches(step)) {
      const labels = byTarget.get(b.next) ?? [];
      if (b.label && !labels.includes(b.label)) labels.push(b.label);
      byTarget.set(b.next, labels);
      if (!seen.has(b.next)) {
        seen.add(b.next);
        order.push(b.next);
      }
    }
    for (const [to, labels] of byTarget) edges.push({ from: diagramId(stepName), to: diagramId(to), labels });
  }
  for (const removed of [...(marks.removed ?? [])].sort()) {
    if (!seen.has(removed)) nodes.push({ id: diagramId(removed), step: removed, shape: 'removed', lines: [removed, 'removed'], mark: 'removed' });
  }
  const unreachable = Object.keys(plan.steps).filter((s) => !seen.has(s));
  return { nodes, edges, unreachable };
}

function markOf(stepName: string, marks: DiagramMarks): NodeMark | undefined {
  if (marks.added?.has(stepName)) return 'added';
  if (marks.changed?.has(stepName)) return 'changed';
  return undefined;
}

/**
 * Text made safe inside a quoted Mermaid label: quotes, `#`, angle brackets, square and curly
 * brackets, `|` and backticks become Mermaid entity codes (`#quot;`, `#35;` …), so a prompt such as
 * `Press # to "skip" [beta]` cannot end the label early or be read as markup.
 */
export function escapeMermaidText(text: string): string {
  return text.replace(/[#"<>[\]{}|`&]/g, (c) => (c === '"' ? '#quot;' : `#${c.charCodeAt(0)};`));
}

/** Longest arrow label kept on one line; longer sets of branch labels get a line each. */
const EDGE_LINE_WIDTH = 30;

/**
 * An arrow's label lines: short labels share a line ("no answer, busy, failed"); long ones, and
 * menu options (whose "·" would blur into the next label), get a line each.
 */
export function edgeLabelLines(labels: readonly string[]): string[] {
  const joined = labels.join(', ');
  if (joined === '') return [];
  return joined.length <= EDGE_LINE_WIDTH && (labels.length === 1 || !labels.some((l) => l.includes(' · '))) ? [joined] : [...labels];
}

/** Label lines joined with Mermaid line breaks. */
function label(lines: readonly string[]): string {
  return lines.map(escapeMermaidText).join('<br/>');
}

const SHAPES: Record<NodeShape, [string, string]> = {
  start: ['(["', '"])'],
  decision: ['{"', '"}'],
  destination: ['("', '")'],
  message: ['["', '"]'],
  voicemail: ['[("', '")]'],
  ending: ['>"', '"]'],
  missing: ['["', '"]'],
  removed: ['["', '"]'],
};

const CLASS_STYLES: Record<NodeMark | 'missing', string> = {
  changed: 'fill:#fff4e6,stroke:#e8590c,stroke-width:3px',
  added: 'fill:#ebfbee,stroke:#2b8a3e,stroke-width:3px,stroke-dasharray:6 3',
  removed: 'fill:#f1f3f5,stroke:#868e96,stroke-width:2px,stroke-dasharray:3 3,color:#868e96',
  missing: 'fill:#fff5f5,stroke:#c92a2a,stroke-width:2px,stroke-dasharray:3 3',
};

/** Options of {@link renderMermaid}: the steps a diff wants marked. */
export type MermaidOptions = DiagramMarks;

/** A `flowchart TD` of the plan, with `changed`, `added` and `removed` classes for a diff's marks. */
export function renderMermaid(name: string, plan: RoutingPlan, options: MermaidOptions = {}): string {
  const graph = planGraph(name, plan, options);
  const out = ['flowchart TD', `  %% Routing plan ${escapeMermaidText(name)}, drawn by didops from the plan; edit the plan, not this diagram.`];
  if (graph.unreachable.length > 0) out.push(`  %% Not drawn (no call reaches them): ${graph.unreachable.join(', ')}`);
  for (const n of graph.nodes) {
    const [open, close] = SHAPES[n.shape];
    out.push(`  ${n.id}${open}${label(n.lines)}${close}`);
  }
  for (const e of graph.edges) {
    const lines = edgeLabelLines(e.labels);
    out.push(lines.length > 0 ? `  ${e.from} -->|"${label(lines)}"| ${e.to}` : `  ${e.from} --> ${e.to}`);
  }
  const classes = new Map<NodeMark | 'missing', string[]>();
  for (const n of graph.nodes) {
    const cls = n.shape === 'missing' ? 'missing' : n.mark;
    if (cls) classes.set(cls, [...(classes.get(cls) ?? []), n.id]);
  }
  for (const cls of ['changed', 'added', 'removed', 'missing'] as const) {
    const ids = classes.get(cls);
    if (!ids) continue;
    out.push(`  classDef ${cls} ${CLASS_STYLES[cls]}`);
    out.push(`  class ${ids.join(',')} ${cls}`);
  }
  return `${out.join('\n')}\n`;
}
