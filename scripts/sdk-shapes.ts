/**
 * What the SDK shape extractors share (extract-telnyx-shapes.ts, extract-stripe-v2-shapes.ts): the shape of a declared
 * type read from an SDK's `.d.ts` files with the TypeScript compiler API (every field, whether it is optional or
 * nullable, its kind and, for string literal unions, its allowed values), stable JSON, and the command line that
 * writes a fixture or checks it against the installed SDK.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** The shape of one value. */
export interface Shape {
  /** `object`, `array`, `string`, `number`, `boolean`, `unknown`, or several of them for a mixed union. */
  kind: string | string[];
  nullable?: boolean;
  /** Allowed values of a string literal union. */
  enum?: string[];
  /** Fields of an object. */
  fields?: Record<string, Field>;
  /** Objects with an index signature accept any field. */
  open?: boolean;
  /** Element shape of an array. */
  items?: Shape;
}

/** A declared field. */
export interface Field extends Shape {
  optional: boolean;
}

/** Where a type is declared: a declaration file (relative to the reader's root) and an exported (possibly namespaced) type name. */
export interface TypeRef {
  file: string;
  name: string;
}

/** Reads declared types from an SDK's declaration files with the TypeScript compiler. */
export class ShapeReader {
  private readonly checker: ts.TypeChecker;
  private readonly program: ts.Program;

  /** `root` is where the `file`s of the refs lie; `files` are every declaration file the refs name. */
  constructor(private readonly resources: string, files: string[]) {
    // strict: without strictNullChecks the checker erases `null` from unions, and nullable fields would look required.
    this.program = ts.createProgram(files, { noEmit: true, skipLibCheck: true, strict: true, types: [], target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS });
    this.checker = this.program.getTypeChecker();
  }

  /** The shape of one declared type. */
  read(ref: TypeRef): Shape {
    const source = this.program.getSourceFile(join(this.resources, ref.file));
    if (!source) throw new Error(`the SDK has no ${ref.file}`);
    const moduleSymbol = this.checker.getSymbolAtLocation(source)!;
    const symbol = this.checker.getExportsOfModule(moduleSymbol).find((s) => s.name === ref.name);
    if (!symbol) throw new Error(`the SDK's ${ref.file} exports no ${ref.name}`);
    return this.shapeOf(this.checker.getDeclaredTypeOfSymbol(symbol), 0);
  }

  private shapeOf(type: ts.Type, depth: number): Shape {
    if (depth > 12) return { kind: 'unknown' };
    let nullable = false;
    let members = type.isUnion() ? type.types : [type];
    members = members.filter((m) => {
      if (m.flags & ts.TypeFlags.Null) nullable = true;
      return !(m.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined));
    });
    const withNull = (shape: Shape): Shape => (nullable ? { ...shape, nullable: true } : shape);
    if (members.length === 0) return withNull({ kind: 'unknown' });
    if (members.every((m) => m.flags & ts.TypeFlags.BooleanLiteral || m.flags & ts.TypeFlags.Boolean)) return withNull({ kind: 'boolean' });
    if (members.every((m) => m.isStringLiteral())) {
      return withNull({ kind: 'string', enum: members.map((m) => (m as ts.StringLiteralType).value).sort() });
    }
    if (members.length > 1) {
      const kinds = [...new Set(members.map((m) => this.shapeOf(m, depth + 1).kind).flat())].sort();
      return withNull({ kind: kinds.length === 1 ? kinds[0] : kinds });
    }
    const t = members[0];
    if (t.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) return withNull({ kind: 'string' });
    // `string & {}` (stripe-node's OtherString, which keeps an open enum's literals in editors) is a string.
    if (t.isIntersection() && t.types.some((part) => part.flags & ts.TypeFlags.String)) return withNull({ kind: 'string' });
    if (t.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return withNull({ kind: 'number' });
    if (t.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) return withNull({ kind: 'unknown' });
    if (this.checker.isArrayType(t)) {
      const [element] = this.checker.getTypeArguments(t as ts.TypeReference);
      return withNull({ kind: 'array', items: this.shapeOf(element, depth + 1) });
    }
    const fields: Record<string, Field> = {};
    for (const prop of this.checker.getPropertiesOfType(t)) {
      const decl = prop.valueDeclaration ?? prop.declarations?.[0];
      const propType = decl ? this.checker.getTypeOfSymbolAtLocation(prop, decl) : this.checker.getTypeOfSymbol(prop);
      fields[prop.name] = { optional: (prop.flags & ts.SymbolFlags.Optional) !== 0, ...this.shapeOf(propType, depth + 1) };
    }
    const open = this.checker.getIndexInfosOfType(t).length > 0;
    return withNull(open ? { kind: 'object', fields, open } : { kind: 'object', fields });
  }
}

/** Sorted-key JSON, so output is stable. */
export function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, stable((value as Record<string, unknown>)[k])]));
  return value;
}

/**
 * The extractors' command line: writes `built` to `file`, or with `--check` fails when the committed file differs
 * (after an SDK upgrade), naming the command that regenerates it.
 */
export function writeOrCheckFixture(file: string, built: string, what: string, command: string): void {
  if (process.argv.includes('--check')) {
    if (readFileSync(file, 'utf8') !== built) {
      console.error(`${file} differs from the installed ${what}; run ${command}`);
      process.exit(1);
    }
    console.log(`${what} shapes are up to date`);
  } else {
    writeFileSync(file, built);
    console.log(`wrote ${file}`);
  }
}
