/**
 * A routing plan as a picture, SVG or PNG, without a browser: the same graph as the Mermaid
 * flowchart, laid out by dagre (the layout engine Mermaid itself uses), drawn as plain SVG here and
 * rasterised by resvg. Wiki pages, slide decks and chat tools that cannot draw Mermaid show these.
 *
 * Node sizes come from an estimate of the label text's width in DejaVu Sans (the font resvg finds
 * on most Linux machines and the first in the SVG's font list), so boxes fit their text without
 * measuring it in a browser. The output is deterministic: the same plan gives byte-identical SVG.
 */
import { Graph, layout } from '@dagrejs/dagre';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { ValidationError } from '../core/errors';
import type { RoutingPlan } from './model';
import { edgeLabelLines, planGraph, type DiagramMarks, type NodeShape, type PlanGraphNode } from './render-mermaid';

/** Fonts named in the SVG, best first; viewers use the first they have. */
export const DIAGRAM_FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";

const TITLE_SIZE = 16;
const NAME_SIZE = 13;
const TEXT_SIZE = 12;
const EDGE_SIZE = 11;
const LINE_HEIGHT = 16;
const EDGE_LINE_HEIGHT = 14;
const PAD_X = 14;
const PAD_Y = 9;
const MARGIN = 24;
const TITLE_HEIGHT = 34;
const LEGEND_HEIGHT = 30;
/** Share of a diamond's half-width the text box may take; the rest of the diamond makes room for the text's height. */
const DIAMOND_SPLIT = 0.6;

/**
 * Widths of DejaVu Sans glyphs in em, close enough to size boxes (within a few per cent on
 * labels); characters not listed count as an average letter.
 */
const GLYPH_EM: Record<string, number> = {
  ' ': 0.318, '.': 0.318, ',': 0.318, ':': 0.337, ';': 0.337, '!': 0.4, '|': 0.337, "'": 0.275, '"': 0.46,
  '(': 0.39, ')': 0.39, '[': 0.39, ']': 0.39, '-': 0.361, '–': 0.5, '…': 1, '/': 0.337, '_': 0.5, '@': 1,
  '+': 0.838, '%': 0.95, '·': 0.318, '#': 0.838, '&': 0.78, '?': 0.531,
  a: 0.613, b: 0.635, c: 0.55, d: 0.635, e: 0.615, f: 0.352, g: 0.635, h: 0.634, i: 0.278, j: 0.278, k: 0.579,
  l: 0.278, m: 0.974, n: 0.634, o: 0.612, p: 0.635, q: 0.635, r: 0.411, s: 0.521, t: 0.392, u: 0.634, v: 0.592,
  w: 0.818, x: 0.592, y: 0.592, z: 0.525, I: 0.295, J: 0.295, M: 0.863, W: 0.989,
};

/** Estimated width in pixels of text in DejaVu Sans; bold runs about 10% wider. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (GLYPH_EM[ch] !== undefined) em += GLYPH_EM[ch];
    else if (ch >= '0' && ch <= '9') em += 0.636;
    else if (ch >= 'A' && ch <= 'Z') em += 0.7;
    else em += 0.62;
  }
  return em * fontSize * (bold ? 1.1 : 1);
}

interface Look {
  readonly fill: string;
  readonly stroke: string;
  readonly text: string;
  readonly width: number;
  readonly dash?: string;
}

const SHAPE_LOOKS: Record<NodeShape, Look> = {
  start: { fill: '#343a40', stroke: '#343a40', text: '#ffffff', width: 1.5 },
  decision: { fill: '#e7f5ff', stroke: '#1c7ed6', text: '#1b1f23', width: 1.5 },
  destination: { fill: '#ffffff', stroke: '#495057', text: '#1b1f23', width: 1.5 },
  message: { fill: '#f8f9fa', stroke: '#adb5bd', text: '#1b1f23', width: 1.5 },
  voicemail: { fill: '#fff9db', stroke: '#f08c00', text: '#1b1f23', width: 1.5 },
  ending: { fill: '#fff5f5', stroke: '#e03131', text: '#1b1f23', width: 1.5 },
  missing: { fill: '#fff5f5', stroke: '#c92a2a', text: '#c92a2a', width: 2, dash: '4 3' },
  removed: { fill: '#f1f3f5', stroke: '#868e96', text: '#868e96', width: 2, dash: '4 3' },
};

const MARK_LOOKS: Record<'changed' | 'added', Partial<Look>> = {
  changed: { fill: '#fff4e6', stroke: '#e8590c', width: 3 },
  added: { fill: '#ebfbee', stroke: '#2b8a3e', width: 3, dash: '7 4' },
};

function lookOf(node: PlanGraphNode): Look {
  const base = SHAPE_LOOKS[node.shape];
  return node.mark === 'changed' || node.mark === 'added' ? { ...base, ...MARK_LOOKS[node.mark] } : base;
}

interface Placed {
  readonly node: PlanGraphNode;
  /** Size of the text block. */
  readonly textW: number;
  readonly textH: number;
  /** Size of the drawn shape (what dagre lays out). */
  readonly width: number;
  readonly height: number;
}

function sizeNode(node: PlanGraphNode): Placed {
  const textW = Math.max(...node.lines.map((l, i) => textWidth(l, i === 0 ? NAME_SIZE : TEXT_SIZE, i === 0)));
  const textH = node.lines.length * LINE_HEIGHT;
  if (node.shape === 'decision') {
    return { node, textW, textH, width: Math.ceil((textW + 8) / DIAMOND_SPLIT), height: Math.ceil((textH + 4) / (1 - DIAMOND_SPLIT)) };
  }
  const extra = node.shape === 'voicemail' ? 14 : 0;
  const side = node.shape === 'ending' ? 16 : 0;
  return { node, textW, textH, width: Math.ceil(textW + 2 * PAD_X + side), height: Math.ceil(textH + 2 * PAD_Y + extra) };
}

/** A number for SVG: at most one decimal, no trailing zeros, so output is stable and small. */
function n(value: number): string {
  const r = Math.round(value * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Text escaped for SVG (XML) content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

interface Point {
  x: number;
  y: number;
}

/** Where a line from a node's centre towards `toward` leaves the node's outline. */
function boundaryPoint(p: Placed, center: Point, toward: Point): Point {
  const dx = toward.x - center.x;
  const dy = toward.y - center.y;
  if (dx === 0 && dy === 0) return center;
  const a = p.width / 2;
  const b = p.height / 2;
  const t = p.node.shape === 'decision' ? 1 / (Math.abs(dx) / a + Math.abs(dy) / b) : Math.min(dx === 0 ? Infinity : a / Math.abs(dx), dy === 0 ? Infinity : b / Math.abs(dy));
  return { x: center.x + dx * t, y: center.y + dy * t };
}

function shapeSvg(p: Placed, c: Point, look: Look): string {
  const w = p.width;
  const h = p.height;
  const x = c.x - w / 2;
  const y = c.y - h / 2;
  const style = `fill="${look.fill}" stroke="${look.stroke}" stroke-width="${look.width}"${look.dash ? ` stroke-dasharray="${look.dash}"` : ''}`;
  switch (p.node.shape) {
    case 'start':
      return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="${n(h / 2)}" ${style}/>`;
    case 'decision':
      return `<path d="M${n(c.x)},${n(y)} L${n(x + w)},${n(c.y)} L${n(c.x)},${n(y + h)} L${n(x)},${n(c.y)} Z" ${style}/>`;
    case 'voicemail': {
      // A cylinder: the usual picture of "stored" (a mailbox keeps the message).
      const ry = 6;
      return (
        `<path d="M${n(x)},${n(y + ry)} A${n(w / 2)},${ry} 0 0 1 ${n(x + w)},${n(y + ry)} L${n(x + w)},${n(y + h - ry)} A${n(w / 2)},${ry} 0 0 1 ${n(x)},${n(y + h - ry)} Z" ${style}/>` +
        `<path d="M${n(x)},${n(y + ry)} A${n(w / 2)},${ry} 0 0 0 ${n(x + w)},${n(y + ry)}" fill="none" stroke="${look.stroke}" stroke-width="${look.width}"/>`
      );
    }
    case 'ending': {
      // An octagon, the shape of a stop sign: the call ends here.
      const k = Math.min(12, h / 3);
      return `<path d="M${n(x + k)},${n(y)} L${n(x + w - k)},${n(y)} L${n(x + w)},${n(y + k)} L${n(x + w)},${n(y + h - k)} L${n(x + w - k)},${n(y + h)} L${n(x + k)},${n(y + h)} L${n(x)},${n(y + h - k)} L${n(x)},${n(y + k)} Z" ${style}/>`;
    }
    case 'destination':
      return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" rx="8" ${style}/>`;
    default:
      return `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" ${style}/>`;
  }
}

function labelSvg(lines: readonly string[], c: Point, look: Look, shift = 0): string {
  const top = c.y - (lines.length * LINE_HEIGHT) / 2 + shift;
  return lines
    .map((line, i) => {
      const weight = i === 0 ? ' font-weight="bold"' : '';
      const size = i === 0 ? NAME_SIZE : TEXT_SIZE;
      return `<text x="${n(c.x)}" y="${n(top + i * LINE_HEIGHT + 12)}" font-size="${size}"${weight} fill="${look.text}" text-anchor="middle">${escapeXml(line)}</text>`;
    })
    .join('');
}

/** A smooth path through dagre's bend points (each bend becomes a gentle curve). */
function edgePath(points: readonly Point[]): string {
  if (points.length < 3) return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(p.x)},${n(p.y)}`).join(' ');
  const parts = [`M${n(points[0].x)},${n(points[0].y)}`];
  for (let i = 1; i < points.length - 1; i++) {
    const mid = { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
    const end = i === points.length - 2 ? points[i + 1] : mid;
    parts.push(`Q${n(points[i].x)},${n(points[i].y)} ${n(end.x)},${n(end.y)}`);
  }
  return parts.join(' ');
}

/** Options of {@link renderSvg}: the steps a diff wants marked. */
export type SvgOptions = DiagramMarks;

/** The plan as a self-contained SVG document: shapes by kind of step, labelled arrows, the diff's marks and a legend for them. */
export function renderSvg(name: string, plan: RoutingPlan, options: SvgOptions = {}): string {
  const graph = planGraph(name, plan, options);
  const g = new Graph({ multigraph: false });
  g.setGraph({ rankdir: 'TB', nodesep: 36, edgesep: 18, ranksep: 56, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const placed = new Map<string, Placed>();
  for (const node of graph.nodes) {
    const p = sizeNode(node);
    placed.set(node.id, p);
    g.setNode(node.id, { width: p.width, height: p.height });
  }
  for (const e of graph.edges) {
    const lines = edgeLabelLines(e.labels);
    const width = lines.length > 0 ? Math.ceil(Math.max(...lines.map((l) => textWidth(l, EDGE_SIZE))) + 8) : 0;
    g.setEdge(e.from, e.to, { width, height: lines.length * EDGE_LINE_HEIGHT + (lines.length > 0 ? 4 : 0), labelpos: 'c', lines });
  }
  layout(g);
  const layoutSize = g.graph();
  const title = plan.description ? `${name} — ${plan.description}` : name;
  const marked = graph.nodes.some((node) => node.mark !== undefined);
  const width = Math.ceil(Math.max((layoutSize.width ?? 0) + 2 * MARGIN, textWidth(title, TITLE_SIZE, true) + 2 * MARGIN, marked ? 420 : 0));
  const height = Math.ceil((layoutSize.height ?? 0) + 2 * MARGIN + TITLE_HEIGHT + (marked ? LEGEND_HEIGHT : 0));
  const dx = (width - (layoutSize.width ?? 0)) / 2;
  const dy = MARGIN + TITLE_HEIGHT;
  const at = (id: string): Point => {
    const v = g.node(id);
    return { x: (v.x ?? 0) + dx, y: (v.y ?? 0) + dy };
  };

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(DIAGRAM_FONT_FAMILY)}">`,
    `<title>${escapeXml(`Routing plan ${name}`)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 Z" fill="#495057"/></marker></defs>',
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 6}" font-size="${TITLE_SIZE}" font-weight="bold" fill="#1b1f23">${escapeXml(title)}</text>`,
  ];
  const labels: string[] = [];
  for (const e of graph.edges) {
    const edge = g.edge(e.from, e.to);
    const raw = (edge.points ?? []).map((p: Point) => ({ x: p.x + dx, y: p.y + dy }));
    if (raw.length === 0) continue;
    const from = placed.get(e.from) as Placed;
    const to = placed.get(e.to) as Placed;
    // dagre ends arrows on the bounding box; diamonds and stadiums need them on their outline.
    raw[0] = boundaryPoint(from, at(e.from), raw.length > 1 ? raw[1] : at(e.to));
    raw[raw.length - 1] = boundaryPoint(to, at(e.to), raw.length > 1 ? raw[raw.length - 2] : at(e.from));
    out.push(`<path d="${edgePath(raw)}" fill="none" stroke="#495057" stroke-width="1.5" marker-end="url(#arrow)"/>`);
    const lines = edge.lines as string[];
    if (lines.length > 0 && edge.x !== undefined && edge.y !== undefined) {
      const cx = edge.x + dx;
      const cy = edge.y + dy;
      const w = edge.width ?? 0;
      const h = edge.height ?? 0;
      labels.push(`<rect x="${n(cx - w / 2)}" y="${n(cy - h / 2)}" width="${n(w)}" height="${n(h)}" rx="3" fill="#ffffff" fill-opacity="0.92"/>`);
      lines.forEach((line, i) => {
        labels.push(`<text x="${n(cx)}" y="${n(cy - h / 2 + 2 + i * EDGE_LINE_HEIGHT + 11)}" font-size="${EDGE_SIZE}" fill="#495057" text-anchor="middle">${escapeXml(line)}</text>`);
      });
    }
  }
  for (const node of graph.nodes) {
    const p = placed.get(node.id) as Placed;
    const c = at(node.id);
    const look = lookOf(node);
    out.push(`<g>${shapeSvg(p, c, look)}${labelSvg(node.lines, c, look, node.shape === 'voicemail' ? 3 : 0)}</g>`);
  }
  out.push(...labels);
  if (marked) out.push(legendSvg(MARGIN, height - MARGIN / 2 - 14, graph.nodes));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function legendSvg(x: number, y: number, nodes: readonly PlanGraphNode[]): string {
  const entries: Array<[Look, string]> = [];
  if (nodes.some((node) => node.mark === 'changed')) entries.push([{ ...SHAPE_LOOKS.destination, ...MARK_LOOKS.changed }, 'changed step']);
  if (nodes.some((node) => node.mark === 'added')) entries.push([{ ...SHAPE_LOOKS.destination, ...MARK_LOOKS.added }, 'new step']);
  if (nodes.some((node) => node.mark === 'removed')) entries.push([SHAPE_LOOKS.removed, 'removed step']);
  let cursor = x;
  return entries
    .map(([look, text]) => {
      const swatch = `<rect x="${n(cursor)}" y="${n(y)}" width="22" height="14" rx="3" fill="${look.fill}" stroke="${look.stroke}" stroke-width="${look.width}"${look.dash ? ` stroke-dasharray="${look.dash}"` : ''}/>`;
      const label = `<text x="${n(cursor + 30)}" y="${n(y + 11)}" font-size="${TEXT_SIZE}" fill="#495057">${escapeXml(text)}</text>`;
      cursor += 30 + textWidth(text, TEXT_SIZE) + 24;
      return swatch + label;
    })
    .join('');
}

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /** Pixels per SVG unit; 2 (the default) gives a sharp image on high-density screens. */
  readonly scale?: number;
  /** Font files to draw text with, for machines without system fonts (e.g. DejaVuSans.ttf). */
  readonly fontFiles?: readonly string[];
}

function resvgOptions(options: PngOptions): ResvgRenderOptions {
  return {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: '#ffffff',
    font: { loadSystemFonts: true, fontFiles: [...(options.fontFiles ?? [])], defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    logLevel: 'off',
  };
}

/**
 * True when resvg can draw text with the fonts it finds: without any, text silently vanishes
 * from a PNG, so {@link svgToPng} checks first and says how to fix it.
 */
export function canDrawText(options: PngOptions = {}): boolean {
  const probe = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="24"><text x="4" y="19" font-size="18" font-family="${escapeXml(DIAGRAM_FONT_FAMILY)}" fill="#000000">Wg</text></svg>`;
  const pixels = new Resvg(probe, { ...resvgOptions(options), fitTo: { mode: 'original' }, background: undefined }).render().pixels;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
  return false;
}

/** Rasterises an SVG to PNG with resvg; throws a ValidationError naming the fix when no font can draw the text. */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  if (!canDrawText(options)) {
    throw new ValidationError({
      summary: 'no font found to draw the diagram’s text in a PNG',
      field: 'font',
      detail: 'install one (Debian/Ubuntu: apt-get install fonts-dejavu-core), pass --font FILE.ttf, or use --format svg, which the viewer draws with its own fonts',
    });
  }
  return new Resvg(svg, resvgOptions(options)).render().asPng();
}

/** The plan as a PNG image (the SVG of {@link renderSvg}, rasterised). */
export function renderPng(name: string, plan: RoutingPlan, options: SvgOptions & PngOptions = {}): Buffer {
  return svgToPng(renderSvg(name, plan, options), options);
}
