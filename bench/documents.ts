/**
 * Rendering the demo Niederschrift (public variant) to PDF, HTML and text, warm: the median of 20
 * renders after 5 warm-up renders (the first render in a process parses the fonts).
 * Targets: PDF under 150 ms, HTML under 10 ms.
 *
 *   node --import tsx bench/documents.ts [--renders=20]
 */
import { openDatabase } from '../src/db/open.ts';
import { listMeetings } from '../src/db/repositories/meetings.ts';
import { loadDemo } from '../src/demo/load.ts';
import { type DocumentFormat, meetingDocument, renderDocument } from '../src/documents/service.ts';
import { isMain, ms, type Stats, stats } from './lib.ts';

export const DOCUMENT_TARGETS_MS: Record<DocumentFormat, number | null> = { pdf: 150, html: 10, txt: null };

export interface DocumentsResult {
  renders: number;
  firstPdfMs: number;
  pages: number;
  bytes: Record<DocumentFormat, number>;
  stats: Record<DocumentFormat, Stats>;
}

export async function benchDocuments(options: { renders?: number } = {}): Promise<DocumentsResult> {
  const renders = options.renders ?? 20;
  const database = await openDatabase({});
  try {
    await loadDemo(database.db);
    const [meeting] = (await listMeetings(database.db, { limit: 1, offset: 0 })).entries;
    if (!meeting) throw new Error('no demo meeting');
    const found = await meetingDocument(database.db, { meetingId: meeting.id, kind: 'minutes', visibility: 'public' });
    if (!found) throw new Error('no public minutes');
    const creationDate = new Date('2021-03-03T12:00:00Z');
    let t = performance.now();
    const first = await renderDocument(found.model, 'pdf', { creationDate });
    const firstPdfMs = performance.now() - t;
    const pages = (
      Buffer.from(first.body)
        .toString('latin1')
        .match(/\/Type \/Page\b/g) ?? []
    ).length;
    const result = { renders, firstPdfMs, pages, bytes: {}, stats: {} } as DocumentsResult;
    for (const format of ['pdf', 'html', 'txt'] as const) {
      for (let i = 0; i < 5; i++) await renderDocument(found.model, format, { creationDate });
      const samples: number[] = [];
      let size = 0;
      for (let i = 0; i < renders; i++) {
        t = performance.now();
        const rendered = await renderDocument(found.model, format, { creationDate });
        samples.push(performance.now() - t);
        size = typeof rendered.body === 'string' ? Buffer.byteLength(rendered.body) : rendered.body.byteLength;
      }
      result.stats[format] = stats(samples);
      result.bytes[format] = size;
    }
    return result;
  } finally {
    await database.close();
  }
}

export function formatDocuments(r: DocumentsResult): string {
  const rows = (['pdf', 'html', 'txt'] as const).map((f) => {
    const s = r.stats[f];
    const target = DOCUMENT_TARGETS_MS[f];
    return `${f.padEnd(5)} median ${ms(s.median).padStart(7)} ms  min ${ms(s.min).padStart(7)}  p90 ${ms(s.p90).padStart(7)}  max ${ms(s.max).padStart(7)}  ${String(r.bytes[f]).padStart(7)} bytes  ${target === null ? '' : s.median < target ? `target < ${target} ms: met` : `target < ${target} ms: MISSED`}`;
  });
  return [
    `public Niederschrift of the demo meeting, ${r.pages} PDF pages; warm, ${r.renders} renders each`,
    ...rows,
    `first PDF render in the process (fonts parsed): ${ms(r.firstPdfMs)} ms`,
  ].join('\n');
}

if (isMain(import.meta.url)) {
  const arg = process.argv.find((a) => a.startsWith('--renders='));
  const result = await benchDocuments({ renders: arg ? Number(arg.slice('--renders='.length)) : 20 });
  console.log(formatDocuments(result));
}
