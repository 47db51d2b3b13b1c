/**
 * Plain UTF-8 text of a document model, laid out like the reference minutes: one element per line,
 * blank lines between blocks, sub-items of the agenda marked "- ".
 */
import type { Block, DocumentModel } from './model.ts';

function blockLines(block: Block): string[][] {
  switch (block.type) {
    case 'letterhead':
      return [
        block.lines.slice(0, -1),
        block.lines.slice(-1),
        block.contact.map((c) => `${c.label}\t${c.value}`.trimEnd()),
        block.placeAndDate ? [block.placeAndDate] : [],
      ];
    case 'title':
      return [[block.text], block.subtitle ? [block.subtitle] : []];
    case 'facts':
      return block.rows.map((r) => [`${r.label} ${r.value}`]);
    case 'attendance':
      return [
        [block.heading],
        ...block.groups.flatMap((g) => [
          [g.label],
          ...g.entries.map((e) => [e.notes.length ? `${e.name} (${e.notes.join(', ')})` : e.name]),
        ]),
      ];
    case 'agenda':
      return [
        [block.heading],
        ...block.parts.flatMap((part) => [
          [part.label],
          part.entries.flatMap((e) => [
            `${e.depth > 0 ? '- ' : ''}${e.number}. ${e.title}${e.paperReference ? ` ${e.paperReference}` : ''}`,
            ...(e.subtitle ? [e.subtitle] : []),
          ]),
        ]),
      ];
    case 'part-heading':
      return [[block.text]];
    case 'paragraph':
    case 'redacted':
      return [[block.text]];
    case 'item':
      return [
        [block.heading],
        ...block.content.flatMap((c): string[][] => {
          switch (c.type) {
            case 'paragraph':
              return [[c.text]];
            case 'resolution':
            case 'addendum':
              return [...(c.heading ? [[c.heading]] : []), ...c.paragraphs.map((p) => [p])];
            case 'vote':
              return [[c.result], ...c.details.map((d) => [d])];
            default:
              return [];
          }
        }),
        ...(block.attachments.length ? [block.attachments.map((a) => `${a.label}: ${a.name}`)] : []),
      ];
    case 'signatures':
      return block.entries.map((e) => [e.prefix, e.name].filter(Boolean));
  }
}

export function renderText(doc: DocumentModel): string {
  const groups = doc.blocks.flatMap(blockLines).filter((lines) => lines.length > 0);
  return `${groups.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
