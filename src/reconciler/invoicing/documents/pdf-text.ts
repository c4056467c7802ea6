/**
 * Text the PDF's fonts can print. The document uses the standard Helvetica that ships with pdfkit (no font files to
 * carry), whose encoding is Windows-1252: Latin letters, the euro, dashes and typographic quotes. Anything else
 * would print as a wrong glyph, so it is made printable first: the thin and narrow spaces Intl puts in amounts
 * become spaces, accents outside the encoding are dropped (Ł → L, ź → z), and what is left becomes "?". An amount whose
 * currency symbol is not printable (₹, ₩) is written with its code instead ("INR 1,234.00").
 */
import { minorUnits, type Money } from '../../../core/money';
import { formatAmount } from './document-format';

/** Characters above Latin-1 that Windows-1252 (and so pdfkit's standard fonts) can print. */
const WIN_ANSI_EXTRAS = new Set([0x152, 0x153, 0x160, 0x161, 0x178, 0x17d, 0x17e, 0x192, 0x2c6, 0x2dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122]);

/** Spaces and signs Intl writes that have a printable twin. */
const TWINS: Readonly<Record<string, string>> = {
  '\u202f': ' ', '\u2009': ' ', '\u2007': ' ', '\u200a': ' ', '\u2212': '-', '\u2010': '-', '\u2011': '-', '\u200e': '', '\u200f': '', '\u061c': '',
  // Letters with a stroke have no decomposition to strip an accent from.
  'Ł': 'L', 'ł': 'l', 'Đ': 'D', 'đ': 'd', 'Ħ': 'H', 'ħ': 'h', 'ı': 'i', 'Ŧ': 'T', 'ŧ': 't',
};

/** True when the standard fonts can print the character. */
function printable(code: number): boolean {
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(code) || code === 0x0a;
}

/** True when every character of `text` prints as itself. */
export function isPrintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!printable(text.charCodeAt(i))) return false;
  return true;
}

/** `text` made printable by the standard fonts (see the file's comment). */
export function pdfText(text: string): string {
  if (isPrintable(text)) return text;
  let out = '';
  for (const char of text.normalize('NFC')) {
    const twin = TWINS[char];
    if (twin !== undefined) out += twin;
    else if (printable(char.charCodeAt(0)) && char.length === 1) out += char;
    else {
      const bare = char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += isPrintable(bare) && bare !== '' ? bare : '?';
    }
  }
  return out;
}

/** An amount for the PDF: the locale's currency style, or with the ISO code where the symbol cannot be printed. */
export function pdfAmount(value: Money, locale: string): string {
  const styled = pdfText(formatAmount(value, locale));
  if (!styled.includes('?')) return styled;
  const digits = minorUnits(value.currency);
  const withCode = new Intl.NumberFormat(locale, { style: 'currency', currency: value.currency, currencyDisplay: 'code', minimumFractionDigits: digits, maximumFractionDigits: digits });
  return pdfText(withCode.format(value.amountMinor / 10 ** digits));
}
