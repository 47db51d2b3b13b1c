/**
 * Fonts for the PDF renderer: Noto Sans from the npm package @fontsource/noto-sans, never from the OS.
 *
 * The package splits the font into unicode subsets. The `latin` subset holds everything German text needs
 * (äöüÄÖÜß, „“ ‚‘, – —, €, §, …); `latin-ext` alone lacks ASCII. Names of council members and guests can
 * still hold letters outside `latin` (Łukasz, Ayşe, Đorđević, Ξ…), so the renderer splits text into runs
 * and prints each run with the first subset that has its glyphs: latin, then latin-ext, cyrillic(-ext),
 * greek(-ext), vietnamese. The fallback subsets are loaded only when a document needs them.
 *
 * Fonts are read once per process: the WOFF files are unpacked to plain TrueType (fontkit would inflate
 * the whole glyf table again for every glyph it reads from a WOFF, which made a render several times
 * slower), parsed with fontkit, and the parsed fonts are cached and handed to pdfkit, which accepts a
 * parsed font as source. pdfkit embeds a subset of each font used (TrueType, as PDF/A requires).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

const require = createRequire(import.meta.url);

export type FontStyle = 'regular' | 'bold' | 'italic';

/** The parts of a fontkit font this module uses (pdfkit accepts the object as a font source). */
export interface ParsedFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
  layout(text: string): unknown;
}

interface Fontkit {
  create(buffer: Uint8Array): ParsedFont;
}

/** Subsets in fallback order; the first one is the primary font. */
const SUBSETS = ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'greek-ext', 'vietnamese'] as const;
type Subset = (typeof SUBSETS)[number];

const STYLE_FILE: Record<FontStyle, string> = {
  regular: '400-normal',
  bold: '700-normal',
  italic: '400-italic',
};

export interface FontFace {
  /** Name to register the font under in a pdfkit document: "noto-regular", "noto-regular-latin-ext". */
  name: string;
  style: FontStyle;
  subset: Subset;
  font: ParsedFont;
}

let fontkit: Fontkit | undefined;

/** fontkit as pdfkit itself loads it (a dependency of pdfkit, not of this project). */
function loadFontkit(): Fontkit {
  if (!fontkit) {
    const pdfkitRequire = createRequire(require.resolve('pdfkit'));
    fontkit = pdfkitRequire('fontkit') as Fontkit;
  }
  return fontkit;
}

/** Absolute path of one font file of the package. */
export function fontFile(style: FontStyle, subset: Subset = 'latin'): string {
  return require.resolve(`@fontsource/noto-sans/files/noto-sans-${subset}-${STYLE_FILE[style]}.woff`);
}

/**
 * Unpacks a WOFF 1.0 font to the sfnt (TrueType/OpenType) it wraps: the same tables, inflated, behind an
 * sfnt header and table directory (checksums as recorded in the WOFF).
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) return woff; // not 'wOFF': already an sfnt
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let index = 0; index < numTables; index++) {
    const entry = 44 + index * 20;
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error('WOFF: Tabellenlänge stimmt nicht');
    tables.push({ tag: woff.readUInt32BE(entry), checksum: woff.readUInt32BE(entry + 16), data });
  }
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const headerLength = 12 + numTables * 16;
  const padded = (length: number) => (length + 3) & ~3;
  const total = tables.reduce((sum, table) => sum + padded(table.data.length), headerLength);
  const sfnt = Buffer.alloc(total);
  sfnt.writeUInt32BE(flavor, 0);
  sfnt.writeUInt16BE(numTables, 4);
  sfnt.writeUInt16BE(searchRange, 6);
  sfnt.writeUInt16BE(entrySelector, 8);
  sfnt.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerLength;
  tables.forEach((table, index) => {
    const record = 12 + index * 16;
    sfnt.writeUInt32BE(table.tag, record);
    sfnt.writeUInt32BE(table.checksum, record + 4);
    sfnt.writeUInt32BE(offset, record + 8);
    sfnt.writeUInt32BE(table.data.length, record + 12);
    table.data.copy(sfnt, offset);
    offset += padded(table.data.length);
  });
  return sfnt;
}

const faces = new Map<string, FontFace>();

function face(style: FontStyle, subset: Subset): FontFace {
  const name = subset === 'latin' ? `noto-${style}` : `noto-${style}-${subset}`;
  let cached = faces.get(name);
  if (!cached) {
    const font = loadFontkit().create(woffToSfnt(readFileSync(fontFile(style, subset))));
    cached = { name, style, subset, font };
    faces.set(name, cached);
  }
  return cached;
}

/** The primary face of a style (latin subset). */
export function primaryFace(style: FontStyle): FontFace {
  return face(style, 'latin');
}

/** First face (in fallback order) that has a glyph for the code point, or null if none has. */
function faceFor(style: FontStyle, codePoint: number): FontFace | null {
  for (const subset of SUBSETS) {
    const candidate = face(style, subset);
    if (candidate.font.hasGlyphForCodePoint(codePoint)) return candidate;
  }
  return null;
}

export interface TextRun {
  face: FontFace;
  text: string;
  /** No subset has glyphs for this text: print `substitute` and keep the text as ActualText. */
  missing: boolean;
}

const coverage = new Map<string, FontFace | null>();
const NEUTRAL = /[\s\p{M}\u200b-\u200f\u2060\u00ad]/u;

/** What is printed for characters no subset has (their text is kept as ActualText): U+FFFD each. */
export function substitute(text: string): string {
  return Array.from(text, () => '\ufffd').join('');
}

/**
 * Splits text into runs, each printable with one face. White space, combining marks and invisible
 * characters stay in the run before them (so a fallback word does not split at its spaces, and an
 * accent stays with its letter when that face has it). Characters that no subset has form runs marked
 * `missing` (the renderer prints a stand-in and keeps the text in the text layer).
 */
export function splitRuns(text: string, style: FontStyle): TextRun[] {
  const primary = primaryFace(style);
  const runs: TextRun[] = [];
  let current: TextRun | null = null;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    let chosen: FontFace | null;
    if (current && !current.missing && NEUTRAL.test(char) && current.face.font.hasGlyphForCodePoint(codePoint)) {
      chosen = current.face;
    } else if (primary.font.hasGlyphForCodePoint(codePoint)) {
      chosen = primary;
    } else {
      const key = `${style}:${codePoint}`;
      let found = coverage.get(key);
      if (found === undefined) {
        found = faceFor(style, codePoint);
        coverage.set(key, found);
      }
      chosen = found;
    }
    let missing: boolean = chosen === null;
    let face: FontFace = chosen ?? primary;
    if (missing && /\s/.test(char)) {
      // Line breaks and other white space without a glyph: pdfkit breaks or spaces, it prints no glyph.
      missing = false;
      face = current && !current.missing ? current.face : primary;
    }
    if (current && current.face === face && current.missing === missing) {
      current.text += char;
    } else {
      current = { face, text: char, missing };
      runs.push(current);
    }
  }
  return runs;
}

/** Characters of the text that no subset of the package can print (for diagnostics and tests). */
export function missingGlyphs(text: string, style: FontStyle = 'regular'): string[] {
  const missing = new Set<string>();
  for (const char of text) {
    if (/\s/.test(char)) continue;
    if (!faceFor(style, char.codePointAt(0) ?? 0)) missing.add(char);
  }
  return [...missing];
}
