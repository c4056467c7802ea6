/**
 * Reading a rate card file (YAML, or JSON, which is YAML too) into `checkRateCard`, with each diagnostic also
 * pointing at its line and column, since a person fixes a file by line. Two YAML habits are handled here rather
 * than in the model: an unquoted `prefix: 0044` would be read as the number 44 and lose the digits that show the
 * mistake, so prefixes keep the text as written; and syntax errors are reported with their position instead of
 * being thrown.
 */
import { isNode, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { errorDiagnostic, parseFieldPath, type Diagnostic } from '../../core/diagnostics';
import { checkRateCard, type RateCardCheck } from './check-rate-card';

/** Parses and checks rate card text; diagnostics carry `line L, column C` in their detail. */
export function loadRateCard(text: string): RateCardCheck {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      failures: doc.errors.map((error) => {
        const at = error.linePos?.[0];
        const where = at ? `line ${at.line}, column ${at.col}` : undefined;
        // The pretty message's first line ends "at line L, column C:" and is followed by a source excerpt.
        const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        return errorDiagnostic(`not valid YAML or JSON: ${message}`, { detail: where ? `at ${where}` : undefined });
      }),
    };
  }
  keepPrefixDigits(doc);
  const checked = checkRateCard(doc.toJS());
  return { ...checked, failures: checked.failures.map((d) => located(d, doc, lines)) };
}

/** Turns every numeric `prefix:` scalar back into the digits written, so `0044` stays "0044". */
function keepPrefixDigits(doc: Document): void {
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'prefix' && isScalar(pair.value) && typeof pair.value.value === 'number') {
        pair.value.value = pair.value.source ?? String(pair.value.value);
      }
    },
  });
}

/** The diagnostic with the position of its field (or of the nearest enclosing field that exists) added to its detail. */
function located(diagnostic: Diagnostic, doc: Document, lines: LineCounter): Diagnostic {
  if (!diagnostic.field) return diagnostic;
  let path: (string | number)[];
  try {
    path = parseFieldPath(diagnostic.field);
  } catch {
    return diagnostic;
  }
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? doc.contents : doc.getIn(path.slice(0, length), true);
    if (!isNode(node) || !node.range) continue;
    // A value that is missing (a required key) is shown at the nearest enclosing value that exists.
    const { line, col } = lines.linePos(node.range[0]);
    const where = `line ${line}, column ${col}`;
    return { ...diagnostic, detail: diagnostic.detail ? `${diagnostic.detail} (${where})` : `at ${where}` };
  }
  return diagnostic;
}
