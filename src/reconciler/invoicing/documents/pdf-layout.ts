/**
 * The PDF's page furniture: A4 geometry, the type scale and colours, section headings, and tables that break across
 * pages, repeating their header (and the section's name, "continued") on each new page and never leaving a header
 * alone at the foot of a page. Every string passes through pdfText, so nothing prints as a wrong glyph.
 */
import type PDFDocument from 'pdfkit';
import { pdfText } from './pdf-text';

/** A pdfkit document. */
export type Pdf = InstanceType<typeof PDFDocument>;

/** Page geometry (points) and type: A4, with room at the foot for the page footer. */
export const PAGE = { width: 595.28, height: 841.89, margin: 48, footer: 40 } as const;
/** Width between the margins. */
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** Lowest y a body line may reach. */
export const BODY_BOTTOM = PAGE.height - PAGE.margin - PAGE.footer;

/** The two faces used: Helvetica ships with every PDF reader and with pdfkit. */
export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold' } as const;
/** Colours: near-black text, slate for secondary text, light rules and fills, one accent. */
export const COLOR = { text: '#1f2933', muted: '#64748b', rule: '#e2e8f0', fill: '#f1f5f9', accent: '#1e3a8a', warn: '#9a3412' } as const;

/** One run of text in a cell. */
export interface CellLine {
  readonly text: string;
  readonly bold?: boolean;
  /** Font size (default 9). */
  readonly size?: number;
  readonly muted?: boolean;
}

/** A cell: plain text, or stacked lines (a title over its detail). */
export type PdfCell = string | readonly CellLine[];

/** A table column. */
export interface PdfColumn {
  readonly header: string;
  readonly width: number;
  readonly align?: 'left' | 'right';
}

const CELL_PAD_X = 6;
const CELL_PAD_Y = 5;
const HEADER_HEIGHT = 18;
const BODY_SIZE = 9;

/** Starts a new page with the cursor at the top margin. */
export function newPage(pdf: Pdf): void {
  pdf.addPage();
  pdf.x = PAGE.margin;
  pdf.y = PAGE.margin;
}

/** Moves to a new page unless `height` more points fit above the footer. */
export function ensureSpace(pdf: Pdf, height: number): void {
  if (pdf.y + height > BODY_BOTTOM) newPage(pdf);
}

/** A section heading with a rule under it; it starts a new page unless a few rows of what follows fit under it. */
export function sectionHeading(pdf: Pdf, title: string): void {
  ensureSpace(pdf, 120);
  pdf.y += 4;
  pdf.font(FONT.bold).fontSize(12).fillColor(COLOR.accent).text(pdfText(title), PAGE.margin, pdf.y, { width: CONTENT_WIDTH, lineBreak: false });
  pdf.y += 15;
  pdf.moveTo(PAGE.margin, pdf.y).lineTo(PAGE.margin + CONTENT_WIDTH, pdf.y).lineWidth(0.8).strokeColor(COLOR.accent).stroke();
  pdf.y += 6;
}

/** A line of small secondary text (a note under a table). */
export function note(pdf: Pdf, text: string, color: string = COLOR.muted): void {
  const body = pdfText(text);
  pdf.font(FONT.regular).fontSize(8);
  const height = pdf.heightOfString(body, { width: CONTENT_WIDTH });
  ensureSpace(pdf, height + 4);
  pdf.fillColor(color).text(body, PAGE.margin, pdf.y, { width: CONTENT_WIDTH });
  pdf.y += 4;
}

function linesOf(cell: PdfCell): readonly CellLine[] {
  return typeof cell === 'string' ? [{ text: cell }] : cell;
}

function setFont(pdf: Pdf, line: CellLine): void {
  pdf.font(line.bold ? FONT.bold : FONT.regular).fontSize(line.size ?? BODY_SIZE);
}

function cellHeight(pdf: Pdf, cell: PdfCell, width: number): number {
  return linesOf(cell).reduce((sum, line) => {
    setFont(pdf, line);
    return sum + pdf.heightOfString(pdfText(line.text) || ' ', { width: width - 2 * CELL_PAD_X, lineGap: 1 });
  }, 0);
}

function drawHeader(pdf: Pdf, columns: readonly PdfColumn[]): void {
  const y = pdf.y;
  pdf.rect(PAGE.margin, y, CONTENT_WIDTH, HEADER_HEIGHT).fill(COLOR.fill);
  pdf.font(FONT.bold).fontSize(7.5).fillColor(COLOR.muted);
  let x = PAGE.margin;
  for (const column of columns) {
    // Placed by its measured width, never wrapped: a label wider than its column would break mid-word.
    const label = pdfText(column.header.toUpperCase());
    const width = pdf.widthOfString(label, { characterSpacing: 0.3 });
    const left = column.align === 'right' ? x + column.width - CELL_PAD_X - width : x + CELL_PAD_X;
    pdf.text(label, left, y + 6, { lineBreak: false, characterSpacing: 0.3 });
    x += column.width;
  }
  pdf.y = y + HEADER_HEIGHT;
}

/**
 * Draws a table from the cursor down, breaking to new pages as needed; `title` names the section on a continuation
 * page. Rows are read once, so a generator of thousands of rows is never held.
 */
export function drawTable(pdf: Pdf, columns: readonly PdfColumn[], rows: Iterable<readonly PdfCell[]>, title?: string): void {
  let headerDrawn = false;
  for (const row of rows) {
    const height = Math.max(...row.map((cell, i) => cellHeight(pdf, cell, columns[i].width))) + 2 * CELL_PAD_Y;
    // A header needs at least its first row under it on the same page.
    if (!headerDrawn || pdf.y + height > BODY_BOTTOM) {
      if (pdf.y + (headerDrawn ? 0 : HEADER_HEIGHT) + height > BODY_BOTTOM) {
        newPage(pdf);
        if (title) {
          pdf.font(FONT.bold).fontSize(9).fillColor(COLOR.muted).text(pdfText(`${title} (continued)`), PAGE.margin, pdf.y, { lineBreak: false });
          pdf.y += 16;
        }
      }
      drawHeader(pdf, columns);
      headerDrawn = true;
    }
    const top = pdf.y;
    let x = PAGE.margin;
    row.forEach((cell, i) => {
      const column = columns[i];
      let y = top + CELL_PAD_Y;
      for (const line of linesOf(cell)) {
        setFont(pdf, line);
        const text = pdfText(line.text);
        pdf.fillColor(line.muted ? COLOR.muted : COLOR.text).text(text, x + CELL_PAD_X, y, { width: column.width - 2 * CELL_PAD_X, align: column.align ?? 'left', lineGap: 1 });
        y += pdf.heightOfString(text || ' ', { width: column.width - 2 * CELL_PAD_X, lineGap: 1 });
      }
      x += column.width;
    });
    pdf.y = top + height;
    pdf.moveTo(PAGE.margin, pdf.y).lineTo(PAGE.margin + CONTENT_WIDTH, pdf.y).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
  }
  if (!headerDrawn) note(pdf, 'None.');
  pdf.y += 10;
}

/** Writes the footer on every buffered page: `left` text and "Page i of n". */
export function drawFooters(pdf: Pdf, left: string): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    // Below the bottom margin pdfkit would start a new page for the text; the footer lives there on purpose.
    const margin = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    const y = PAGE.height - PAGE.margin + 8;
    pdf.moveTo(PAGE.margin, y - 8).lineTo(PAGE.margin + CONTENT_WIDTH, y - 8).lineWidth(0.5).strokeColor(COLOR.rule).stroke();
    pdf.font(FONT.regular).fontSize(7.5).fillColor(COLOR.muted);
    pdf.text(pdfText(left), PAGE.margin, y, { width: CONTENT_WIDTH * 0.75, lineBreak: false });
    pdf.text(`Page ${i - range.start + 1} of ${range.count}`, PAGE.margin, y, { width: CONTENT_WIDTH, align: 'right', lineBreak: false });
    pdf.page.margins.bottom = margin;
  }
}
