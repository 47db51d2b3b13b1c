/**
 * The ONE redaction step: full document model → public variant. Everything non-public is dropped;
 * where a non-public part had sections, "[...]" stands in for them (as in published minutes). The
 * titles of non-public agenda items stay listed only where the body's settings say so, and then
 * without subtitle or paper.
 */
import type { Block, DocumentModel } from './model.ts';

export interface RedactionSettings {
  publishNonPublicAgendaTitles: boolean;
}

export const REDACTED_TEXT = '[...]';

export function redact(doc: DocumentModel, settings: RedactionSettings): DocumentModel {
  const blocks: Block[] = [];
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'agenda': {
        const parts = block.parts.flatMap((part) => {
          if (part.public) return [{ ...part, entries: part.entries.filter((e) => e.public) }];
          if (!settings.publishNonPublicAgendaTitles) return [];
          return [
            {
              ...part,
              entries: part.entries.map((e) => ({ ...e, subtitle: null, paperReference: null })),
            },
          ];
        });
        blocks.push({ ...block, parts: parts.filter((p) => p.entries.length > 0) });
        break;
      }
      case 'part-heading':
        blocks.push(block);
        if (!block.public) blocks.push({ type: 'redacted', text: REDACTED_TEXT });
        break;
      case 'item':
        if (block.public) blocks.push(block);
        break;
      // Blocks without non-public content. A new block type must be added here on purpose: the
      // exhaustiveness check below fails to compile until it is.
      case 'letterhead':
      case 'title':
      case 'facts':
      case 'attendance':
      case 'paragraph':
      case 'redacted':
      case 'signatures':
        blocks.push(block);
        break;
      default: {
        const unknown: never = block;
        throw new Error(`redact: unknown block ${JSON.stringify(unknown)}`);
      }
    }
  }
  return { meta: { ...doc.meta, variant: 'public' }, blocks };
}
