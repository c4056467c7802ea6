/**
 * The routing diff as a pull-request comment: what callers will notice, the step changes, and the
 * head plan's Mermaid diagram with the changed steps marked.
 */
import type { NamedPlan, RoutingDiff } from './diff';
import { renderMermaid } from './render-mermaid';

/** What to call the two versions in the comment ("origin/main", "HEAD", or file names). */
export interface DiffLabels {
  readonly baseLabel: string;
  readonly headLabel: string;
}

/** Escapes Markdown outside `code spans`, so prompts and URLs cannot turn into formatting or links. */
export function escapeMarkdown(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\*_<>[\]|~]/g, (c) => `\\${c}`)))
    .join('');
}

/**
 * A pull-request comment for one plan: a heading, "What callers will notice", "Step changes", and
 * the head plan's Mermaid diagram with changed steps outlined (removed steps listed below it).
 */
export function renderDiffMarkdown(diff: RoutingDiff, labels: DiffLabels): string {
  const out = [`### Routing plan \`${diff.name}\``, '', `Comparing \`${labels.baseLabel}\` (before) with \`${labels.headLabel}\` (after).`, ''];
  if (diff.status === 'unchanged') return [...out, 'No routing changes.', ''].join('\n');
  if (diff.status === 'removed') {
    const steps = [...diff.removedSteps].map((s) => `\`${s}\``).join(', ');
    return [...out, `This plan is removed (it had the steps ${steps}). Numbers still pointing at it stop being routed by it.`, ''].join('\n');
  }
  out.push('**What callers will notice**', '');
  if (diff.callerChanges.length === 0) out.push('- Nothing on the paths compared (times, holidays, menu keys, caller locations, screening lists, split shares, failover); see the step changes.');
  else out.push(...diff.callerChanges.map((c) => `- ${escapeMarkdown(c)}`));
  out.push('');
  if (diff.stepChanges.length > 0) {
    out.push('**Step changes**', '');
    for (const c of diff.stepChanges) {
      const text = escapeMarkdown(c.text);
      if (c.step === '') out.push(`- Plan settings: ${text}`);
      else if (c.kind === 'added') out.push(`- New step \`${c.step}\`: ${text}`);
      else if (c.kind === 'removed') out.push(`- Removed step \`${c.step}\` (was: ${text})`);
      else out.push(`- \`${c.step}\`: ${text}`);
    }
    out.push('');
  }
  const head = diff.head as NamedPlan;
  const marks = { changed: diff.changedSteps, added: diff.status === 'added' ? new Set<string>() : diff.addedSteps, removed: diff.removedSteps };
  const legend = [
    diff.changedSteps.size > 0 ? 'changed steps are outlined in orange' : '',
    diff.status !== 'added' && diff.addedSteps.size > 0 ? 'new steps in dashed green' : '',
    diff.removedSteps.size > 0 ? 'removed steps are grey, unconnected' : '',
  ].filter(Boolean);
  out.push(`**The plan after the change**${legend.length > 0 ? ` (${legend.join('; ')})` : ''}`, '', '```mermaid', renderMermaid(head.name, head.plan, marks).trimEnd(), '```', '');
  return out.join('\n');
}

