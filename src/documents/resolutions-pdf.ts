/**
 * The printed overview of resolution tracking (Beschlusskontrolle) as a PDF: "Übersicht über die offenen
 * Beschlüsse, Prüf- und Arbeitsaufträge des {Gremium} aus dem Jahr {Jahr}" – the paper presented to the
 * committee (like item 9 of the reference meeting, Vorlage 10/005/2021). A4 landscape, a table with the
 * columns Sitzung/TOP/Vorlage, Beschluss/Auftrag, zuständiges Amt, Frist (with status) and Sachstand; the
 * header row is repeated on every page, rows are kept whole.
 *
 * Made with the minutes' renderer's writer (src/documents/render-pdf.ts): Noto Sans from the npm package
 * with its fallback subsets, tagged (Document > H1, P, Table > TR > TH/TD), PDF/A-2b markers, "Seite n von
 * m" as pagination artifacts. Back office only: it holds non-public resolutions for members of the body.
 */
import PDFDocument from 'pdfkit';
import { formatDate, formatIsoDate } from '../domain/format.ts';
import { RESOLUTION_KIND_LABELS, RESOLUTION_STATUS_LABELS, type ResolutionRow } from '../services/resolutions.ts';
import { type Info, MARGINS, renderPageNumbers, S, type TextStyle, Writer, xmpInfo } from './render-pdf.ts';

export interface ResolutionOverview {
  /** "Übersicht über die offenen Beschlüsse, Prüf- und Arbeitsaufträge des Ausschusses für Digitalisierung aus dem Jahr 2020". */
  title: string;
  /** The body, for the letterhead line and the author. */
  bodyName: string;
  /** "Stand: 29.11.2026" and the filters in words. */
  subtitle: string;
  rows: ResolutionRow[];
}

const CM = 72 / 2.54;
const CELL: TextStyle = { font: 'regular', size: 9, color: '#000000', lineGap: 1 };
const CELL_BOLD: TextStyle = { font: 'bold', size: 9, color: '#000000', lineGap: 1 };
const CELL_MUTED: TextStyle = { font: 'italic', size: 8.5, color: '#4d4d4d', lineGap: 1 };
const PAD = 4;

/** Column widths (points) of the landscape page's 25.2 cm. */
const COLUMNS = [
  { label: 'Sitzung / TOP / Vorlage', width: 4.0 * CM },
  { label: 'Beschluss / Auftrag', width: 8.6 * CM },
  { label: 'zuständiges Amt', width: 3.4 * CM },
  { label: 'Frist', width: 3.0 * CM },
  { label: 'Sachstand', width: 6.2 * CM },
];

type Line = { text: string; st: TextStyle };

/** The lines of each cell of a row, in reading order. */
export function cellsOf(row: ResolutionRow): Line[][] {
  const source: Line[] = [];
  const meeting = [row.meeting ? formatDate(row.meeting.startAt) : '', row.item ? `TOP ${row.item.number}` : '']
    .filter(Boolean)
    .join(', ');
  if (meeting) source.push({ text: meeting, st: CELL });
  if (row.paper) source.push({ text: `Vorlage ${row.paper.reference}`, st: CELL });
  if (!row.public) source.push({ text: 'nicht öffentlich', st: CELL_MUTED });
  const subject: Line[] = [{ text: `${RESOLUTION_KIND_LABELS[row.kind]}: ${row.title}`, st: CELL_BOLD }];
  if (row.text) subject.push({ text: row.text, st: CELL });
  const office: Line[] = [{ text: row.office ? row.office.name : '–', st: CELL }];
  const due: Line[] = [{ text: row.dueDate ? formatIsoDate(row.dueDate) : 'ohne Frist', st: CELL }];
  if (row.overdue) due.push({ text: 'überfällig', st: CELL_BOLD });
  due.push({ text: RESOLUTION_STATUS_LABELS[row.status], st: CELL });
  const report: Line[] = row.report
    ? [
        { text: row.report, st: CELL },
        ...(row.reportDate ? [{ text: `Stand: ${formatIsoDate(row.reportDate)}`, st: CELL_MUTED }] : []),
      ]
    : [{ text: '–', st: CELL }];
  return [source, subject, office, due, report];
}

function cellHeight(w: Writer, lines: Line[], width: number): number {
  return lines.reduce((sum, line) => sum + w.height(line.text, line.st, width - 2 * PAD) + 1, 0);
}

type Struct = PDFKit.PDFStructureElement;

/** One table row: TR with TH (header) or TD cells; a rule above it as artifact. */
function renderRow(w: Writer, table: Struct, cells: Line[][], header: boolean): void {
  const { doc } = w;
  const y = doc.y;
  const tr = w.element(table, 'TR');
  let x = w.left;
  let bottom = y;
  w.artifact(() => {
    doc
      .moveTo(w.left, y)
      .lineTo(w.left + w.width, y)
      .lineWidth(header ? 1 : 0.5)
      .strokeColor('#808080')
      .stroke();
  });
  cells.forEach((lines, index) => {
    const width = COLUMNS[index]?.width ?? 0;
    const cellX = x;
    w.content(
      tr,
      header ? 'TH' : 'TD',
      () => {
        doc.y = y + PAD;
        for (const line of lines) {
          w.print(line.text, line.st, cellX + PAD, doc.y, { width: width - 2 * PAD });
          doc.y += 1;
        }
        bottom = Math.max(bottom, doc.y);
      },
      header ? { scope: 'Column' } : {},
    );
    x += width;
  });
  doc.y = bottom + PAD;
}

/** Renders the overview as a tagged A4 landscape PDF (PDF/A-2b markers). */
export async function renderResolutionOverviewPdf(
  overview: ResolutionOverview,
  options: { creationDate?: Date } = {},
): Promise<Buffer> {
  const date = options.creationDate ?? new Date();
  const info: Info = {
    Title: overview.title,
    Author: overview.bodyName,
    Subject: 'Beschlusskontrolle',
    Keywords: 'Beschlusskontrolle, Prüfauftrag, Arbeitsauftrag',
    Creator: 'Ratsinfo',
    Producer: 'Ratsinfo (PDFKit)',
    CreationDate: date,
    ModDate: date,
  };
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: MARGINS,
    pdfVersion: '1.7',
    subset: 'PDF/A-2b',
    tagged: true,
    lang: 'de-DE',
    displayTitle: true,
    bufferPages: true,
    info,
  });
  const keywords = ['Beschlusskontrolle', 'Prüfauftrag', 'Arbeitsauftrag'];
  (doc as unknown as { _addInfo: () => void })._addInfo = () => doc.appendXML(xmpInfo(info, keywords, 'de-DE'));
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const w = new Writer(doc);
  const root = doc.struct('Document');
  doc.addStructure(root);
  w.content(root, 'P', () => w.print(overview.bodyName, S.letterheadFirst, w.left, doc.y, { width: w.width }));
  doc.y += 8;
  w.content(root, 'H1', () =>
    w.print(overview.title, { ...S.title, size: 16, lineGap: 1 }, w.left, doc.y, { width: w.width }),
  );
  doc.y += 4;
  w.content(root, 'P', () => w.print(overview.subtitle, S.small, w.left, doc.y, { width: w.width }));
  doc.y += 10;
  if (overview.rows.length === 0) {
    w.paragraph(root, 'Es gibt keine Beschlüsse oder Aufträge, die zu dieser Auswahl passen.');
  } else {
    const table = w.element(root, 'Table');
    const header = COLUMNS.map((c) => [{ text: c.label, st: CELL_BOLD }]);
    const headerHeight = Math.max(...header.map((lines, i) => cellHeight(w, lines, COLUMNS[i]?.width ?? 0))) + 2 * PAD;
    renderRow(w, table, header, true);
    for (const row of overview.rows) {
      const cells = cellsOf(row);
      const height = Math.max(...cells.map((lines, i) => cellHeight(w, lines, COLUMNS[i]?.width ?? 0))) + 2 * PAD;
      if (doc.y + height > w.maxY && doc.y > w.top + headerHeight + 1) {
        doc.addPage();
        renderRow(w, table, header, true);
      }
      renderRow(w, table, cells, false);
    }
  }
  renderPageNumbers(w);
  root.end();
  doc.end();
  return done;
}
