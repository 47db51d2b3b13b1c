/**
 * HTML of a document model: a complete, printable HTML5 page (default) or only the `<article>` to embed
 * in a portal page. The renderer only lays out: every text comes from the model, nothing is phrased
 * here, nothing is dropped. All model text goes through hono/jsx, which escapes text and attribute
 * values; nothing is inserted raw (the stylesheet is a constant without characters that need escaping,
 * checked in the test).
 *
 * Structure: the letterhead is the article's <header>, the title the single <h1>, time and place a
 * <dl>, the attendance and the agenda <section>s with <h2>, each part of the meeting a <section> with
 * <h2>, each item a <section id="top-…"> with <h3>, resolution and addendum headings <h4>, the
 * signatures the article's <footer>.
 */
import type { Child } from 'hono/jsx';
import { itemAnchor } from '../domain/format.ts';
import type {
  AddendumBlock,
  AgendaBlock,
  AttendanceBlock,
  Block,
  DocumentModel,
  FactsBlock,
  ItemContent,
  ItemSectionBlock,
  LetterheadBlock,
  PartHeadingBlock,
  ResolutionBlock,
  SignaturesBlock,
  TitleBlock,
  VoteBlock,
} from './model.ts';
import { type AgendaNode, agendaTree } from './model.ts';

export interface RenderHtmlOptions {
  /** A complete HTML5 document (default) or, with false, only the `<article>` for a portal page. */
  standalone?: boolean;
  /** Link target of an attachment by its file name; null (or no function) prints the name without a link. */
  attachmentHref?: (fileName: string) => string | null;
}

/**
 * Styles of the article, all scoped to `.ri-doc` so that a portal page can include them next to its
 * own. Kept free of the characters & < > " ' so that they pass the JSX text escaping unchanged.
 */
export const DOCUMENT_STYLES = `
.ri-doc {
  --ri-fg: #1a1a1a; --ri-muted: #4a4a4a; --ri-line: #c4ccd4; --ri-accent: #0b4f8a; --ri-soft: #f3f6f9;
  max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 3rem;
  font-family: system-ui, -apple-system, Segoe UI, Roboto, Noto Sans, Helvetica Neue, Arial, sans-serif;
  font-size: 1.0625rem; line-height: 1.55; color: var(--ri-fg); background: #fff;
  overflow-wrap: break-word; hyphens: manual;
}
.ri-doc * { box-sizing: border-box; }
.ri-doc p, .ri-doc ul, .ri-doc ol, .ri-doc dl { margin: 0 0 .75em; }
.ri-doc a { color: var(--ri-accent); text-underline-offset: .15em; text-decoration-thickness: 1px; }
.ri-doc a:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
.ri-doc h1, .ri-doc h2, .ri-doc h3, .ri-doc h4 { line-height: 1.25; margin: 1.6em 0 .6em; }
.ri-doc h1 { font-size: 1.9rem; margin: 1.5rem 0 1.25rem; }
.ri-doc h1 .ri-subtitle { display: block; font-size: 1.2rem; font-weight: 400; margin-top: .35rem; }
.ri-doc h2 { font-size: 1.35rem; padding-bottom: .25rem; border-bottom: 2px solid var(--ri-line); }
.ri-doc h3 { font-size: 1.1rem; }
.ri-doc h4 { font-size: 1rem; margin: 1em 0 .35em; }

.ri-doc .ri-letterhead {
  display: grid; grid-template-columns: 1fr auto; gap: .5rem 2rem; align-items: start;
  padding-bottom: 1rem; border-bottom: 1px solid var(--ri-line); font-size: .95rem;
}
.ri-doc .ri-issuer p { margin: 0 0 .5rem; }
.ri-doc .ri-issuer-org { font-weight: 700; }
.ri-doc .ri-issuer-unit { font-weight: 700; font-size: 1.05rem; }
.ri-doc .ri-contact { margin: 0; }
.ri-doc .ri-contact div { display: flex; gap: .75rem; }
.ri-doc .ri-contact dt { min-width: 8.5rem; color: var(--ri-muted); }
.ri-doc .ri-contact dd { margin: 0; }
.ri-doc .ri-place-date { grid-column: 1 / -1; text-align: right; margin: .5rem 0 0; }

.ri-doc .ri-facts div { display: grid; grid-template-columns: 9.5rem 1fr; gap: 1rem; margin-bottom: .25rem; }
.ri-doc .ri-facts dt { font-weight: 700; }
.ri-doc .ri-facts dd { margin: 0; }

.ri-doc .ri-attendance-group { display: grid; grid-template-columns: 12rem 1fr; gap: 0 1rem; }
.ri-doc .ri-attendance-group h3 { margin: .3em 0; font-size: 1rem; }
.ri-doc .ri-attendance-group ul { list-style: none; padding: 0; margin: .3em 0 .6em; columns: 2 14rem; column-gap: 1.5rem; }
.ri-doc .ri-attendance-group li { break-inside: avoid; }
.ri-doc .ri-note { color: var(--ri-muted); }

.ri-doc .ri-agenda-list, .ri-doc .ri-agenda-list ol { list-style: none; padding: 0; margin: 0; }
.ri-doc .ri-agenda-list li { display: grid; grid-template-columns: 3.25rem 1fr auto; gap: 0 .75rem; margin: .3rem 0; }
.ri-doc .ri-agenda-list ol { grid-column: 2 / -1; }
.ri-doc .ri-num { grid-column: 1; font-variant-numeric: tabular-nums; }
.ri-doc .ri-entry-title { grid-column: 2; }
.ri-doc .ri-paper { grid-column: 3; white-space: nowrap; color: var(--ri-muted); font-variant-numeric: tabular-nums; }
.ri-doc .ri-entry-subtitle { grid-column: 2; }

.ri-doc .ri-part { margin-top: 2.5rem; }
.ri-doc .ri-item { margin: 1.75rem 0; scroll-margin-top: 1rem; }
.ri-doc .ri-item:target h3 { background: #fff1c2; outline: 4px solid #fff1c2; }
.ri-doc .ri-resolution { margin: 1rem 0; padding: .1rem 0 .1rem 1rem; border-left: 4px solid var(--ri-accent); }
.ri-doc .ri-resolution p:last-child { margin-bottom: 0; }
.ri-doc .ri-vote { margin: .75rem 0 1rem; }
.ri-doc .ri-vote p { margin: 0 0 .2rem; }
.ri-doc .ri-vote-result strong { font-weight: 700; }
.ri-doc .ri-addendum { margin: 1rem 0; padding: .1rem 1rem; border: 1px solid var(--ri-line); border-radius: 4px; background: var(--ri-soft); }
.ri-doc .ri-addendum h4 { margin-top: .75em; }
.ri-doc .ri-attachments { list-style: none; padding: .5rem 0 0; border-top: 1px dotted var(--ri-line); font-size: .95rem; }
.ri-doc .ri-redacted { text-align: center; color: var(--ri-muted); }

.ri-doc .ri-signatures { display: flex; flex-wrap: wrap; gap: 1.5rem 4rem; margin-top: 3rem; }
.ri-doc .ri-signature p { margin: 0; }
.ri-doc .ri-signature-prefix { font-style: italic; }
.ri-doc .ri-signature-name { font-weight: 700; }
.ri-doc .ri-signature-role { font-size: .875rem; color: var(--ri-muted); }

@media (max-width: 40rem) {
  .ri-doc { padding: 1rem .75rem 2rem; font-size: 1rem; }
  .ri-doc h1 { font-size: 1.6rem; }
  .ri-doc .ri-letterhead, .ri-doc .ri-attendance-group, .ri-doc .ri-facts div { grid-template-columns: 1fr; gap: 0; }
  .ri-doc .ri-place-date { text-align: left; }
  .ri-doc .ri-agenda-list li { grid-template-columns: 2.75rem 1fr; }
  .ri-doc .ri-paper { grid-column: 2; }
}

@media print {
  .ri-doc { max-width: none; margin: 0; padding: 0; font-size: 11pt; line-height: 1.4; }
  .ri-doc a { color: inherit; text-decoration: none; }
  .ri-doc h1 { font-size: 20pt; margin-top: 1.25rem; }
  .ri-doc h2 { font-size: 14pt; }
  .ri-doc h3, .ri-doc h4 { font-size: 11.5pt; }
  .ri-doc h1, .ri-doc h2, .ri-doc h3, .ri-doc h4 { break-after: avoid; page-break-after: avoid; }
  .ri-doc p { orphans: 3; widows: 3; }
  .ri-doc li, .ri-doc .ri-facts div, .ri-doc .ri-contact div, .ri-doc .ri-vote, .ri-doc .ri-signatures { break-inside: avoid; }
  .ri-doc .ri-addendum { background: none; }
  .ri-doc .ri-attendance-group ul { columns: auto; }
  .ri-doc .ri-attendance-group h3 { break-after: auto; page-break-after: auto; }
  .ri-doc .ri-item:target h3 { background: none; outline: 0; }
}
`;

const PAGE_STYLES = `
@page { size: A4; margin: 2cm 2cm 2cm 2.5cm; }
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1a1a1a; }
@media print { body { background: none; } }
`;

/** `top-11-1` for item "11.1": an id to link to, unique within the document. */
function idFactory(): (number: string) => string {
  const used = new Map<string, number>();
  return (number) => {
    const base = itemAnchor(number);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  };
}

const EMAIL = /^[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+$/;

function Letterhead({ block }: { block: LetterheadBlock }) {
  const org = block.lines.slice(0, -1);
  const unit = block.lines.at(-1);
  return (
    <header class="ri-letterhead">
      <div class="ri-issuer">
        {org.length > 0 && <p class="ri-issuer-org">{org.flatMap((line, i) => (i === 0 ? [line] : [<br />, line]))}</p>}
        {unit !== undefined && <p class="ri-issuer-unit">{unit}</p>}
      </div>
      {block.contact.length > 0 && (
        <dl class="ri-contact">
          {block.contact.map((c) => (
            <div>
              <dt>{c.label}</dt>
              <dd>{EMAIL.test(c.value) ? <a href={`mailto:${c.value}`}>{c.value}</a> : c.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {block.placeAndDate && <p class="ri-place-date">{block.placeAndDate}</p>}
    </header>
  );
}

function Title({ block, main }: { block: TitleBlock; main: boolean }) {
  const content = [
    <span class="ri-title">{block.text}</span>,
    block.subtitle ? [' ', <span class="ri-subtitle">{block.subtitle}</span>] : null,
  ];
  return main ? <h1>{content}</h1> : <p class="ri-title-more">{content}</p>;
}

function Facts({ block }: { block: FactsBlock }) {
  return (
    <dl class="ri-facts">
      {block.rows.map((r) => (
        <div>
          <dt>{r.label}</dt>
          <dd>{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Attendance({ block }: { block: AttendanceBlock }) {
  return (
    <section class="ri-attendance">
      <h2>{block.heading}</h2>
      {block.groups.map((g) => (
        <div class="ri-attendance-group">
          <h3>{g.label}</h3>
          {g.entries.length > 0 && (
            <ul>
              {g.entries.map((e) => (
                <li>
                  {e.name}
                  {e.notes.length > 0 && <span class="ri-note">{` (${e.notes.join(', ')})`}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}

function AgendaList({ nodes, anchors }: { nodes: AgendaNode[]; anchors: Map<string, string> }): Child {
  return (
    <ol class={nodes[0]?.entry.depth === 0 ? 'ri-agenda-list' : undefined}>
      {nodes.map(({ entry: e, children }) => {
        const anchor = anchors.get(e.number);
        const classes = ['ri-entry', e.supplement ? 'ri-supplement' : '', e.public ? '' : 'ri-nonpublic'];
        return (
          <li class={classes.filter(Boolean).join(' ')}>
            <span class="ri-num">{`${e.number}.`}</span>{' '}
            <span class="ri-entry-title">{anchor ? <a href={`#${anchor}`}>{e.title}</a> : e.title}</span>
            {e.paperReference && [' ', <span class="ri-paper">{e.paperReference}</span>]}
            {e.subtitle && [' ', <span class="ri-entry-subtitle">{e.subtitle}</span>]}
            {children.length > 0 && <AgendaList nodes={children} anchors={anchors} />}
          </li>
        );
      })}
    </ol>
  );
}

function Agenda({ block, anchors }: { block: AgendaBlock; anchors: Map<string, string> }) {
  return (
    <section class="ri-agenda">
      <h2>{block.heading}</h2>
      {block.parts.map((part) => (
        <div class={part.public ? 'ri-agenda-part ri-public' : 'ri-agenda-part ri-nonpublic'}>
          <h3>{part.label}</h3>
          {part.entries.length > 0 && <AgendaList nodes={agendaTree(part.entries)} anchors={anchors} />}
        </div>
      ))}
    </section>
  );
}

type Heading = 'h2' | 'h3' | 'h4' | 'h5';
const below = (h: Heading): Heading => (h === 'h2' ? 'h3' : h === 'h3' ? 'h4' : 'h5');

function H({ level, children }: { level: Heading; children: Child }) {
  switch (level) {
    case 'h2':
      return <h2>{children}</h2>;
    case 'h3':
      return <h3>{children}</h3>;
    case 'h4':
      return <h4>{children}</h4>;
    case 'h5':
      return <h5>{children}</h5>;
  }
}

function Resolution({ block, level }: { block: ResolutionBlock; level: Heading }) {
  return (
    <div class="ri-resolution">
      {block.heading && <H level={level}>{block.heading}</H>}
      {block.paragraphs.map((p) => (
        <p>{p}</p>
      ))}
    </div>
  );
}

function Vote({ block }: { block: VoteBlock }) {
  return (
    <div class="ri-vote">
      <p class="ri-vote-result">
        <strong>{block.result}</strong>
      </p>
      {block.details.map((d) => (
        <p class="ri-vote-detail">{d}</p>
      ))}
    </div>
  );
}

function Addendum({ block, level }: { block: AddendumBlock; level: Heading }) {
  return (
    <section class="ri-addendum">
      <H level={level}>{block.heading}</H>
      {block.paragraphs.map((p) => (
        <p>{p}</p>
      ))}
    </section>
  );
}

function Content({ block, level }: { block: ItemContent; level: Heading }) {
  switch (block.type) {
    case 'paragraph':
      return <p>{block.text}</p>;
    case 'resolution':
      return <Resolution block={block} level={level} />;
    case 'vote':
      return <Vote block={block} />;
    case 'addendum':
      return <Addendum block={block} level={level} />;
  }
}

function Item(props: {
  block: ItemSectionBlock;
  id: string;
  level: Heading;
  attachmentHref: RenderHtmlOptions['attachmentHref'];
}) {
  const { block, level, attachmentHref } = props;
  return (
    <section class={block.public ? 'ri-item' : 'ri-item ri-nonpublic'} id={props.id}>
      <H level={level}>{block.heading}</H>
      {block.content.map((c) => (
        <Content block={c} level={below(level)} />
      ))}
      {block.attachments.length > 0 && (
        <ul class="ri-attachments">
          {block.attachments.map((a) => {
            const href = attachmentHref?.(a.fileName) ?? null;
            return (
              <li>
                {`${a.label}: `}
                {href ? <a href={href}>{a.name}</a> : a.name}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Signatures({ block }: { block: SignaturesBlock }) {
  return (
    <footer class="ri-signatures">
      {block.entries.map((e) => (
        <div class="ri-signature">
          {e.prefix && <p class="ri-signature-prefix">{e.prefix}</p>}
          <p class="ri-signature-name">{e.name}</p>
          {e.role && <p class="ri-signature-role">{e.role}</p>}
        </div>
      ))}
    </footer>
  );
}

/**
 * The blocks in document order; a part heading opens a <section> that holds the items and paragraphs
 * after it, up to the next part heading or the signatures.
 */
function body(doc: DocumentModel, options: RenderHtmlOptions): Child[] {
  const nextId = idFactory();
  const itemIds = new Map<ItemSectionBlock, string>();
  const anchors = new Map<string, string>();
  for (const block of doc.blocks) {
    if (block.type !== 'item') continue;
    const id = nextId(block.number);
    itemIds.set(block, id);
    if (!anchors.has(block.number)) anchors.set(block.number, id);
  }

  const out: Child[] = [];
  let part: { heading: PartHeadingBlock; children: Child[] } | null = null;
  let titled = false;
  /** Where the h1 goes if the model has no title block: after the letterhead. */
  let titleAt = 0;
  const closePart = () => {
    if (!part) return;
    out.push(
      <section class={part.heading.public ? 'ri-part ri-public' : 'ri-part ri-nonpublic'}>
        <h2>{part.heading.text}</h2>
        {part.children}
      </section>,
    );
    part = null;
  };
  const place = (node: Child) => {
    if (part) part.children.push(node);
    else out.push(node);
  };

  for (const block of doc.blocks as Block[]) {
    switch (block.type) {
      case 'part-heading':
        closePart();
        part = { heading: block, children: [] };
        break;
      case 'item':
        place(
          <Item
            block={block}
            id={itemIds.get(block) as string}
            level={part ? 'h3' : 'h2'}
            attachmentHref={options.attachmentHref}
          />,
        );
        break;
      case 'paragraph':
        place(<p>{block.text}</p>);
        break;
      case 'redacted':
        place(<p class="ri-redacted">{block.text}</p>);
        break;
      default:
        closePart();
        switch (block.type) {
          case 'letterhead':
            out.push(<Letterhead block={block} />);
            if (!titled) titleAt = out.length;
            break;
          case 'title':
            out.push(<Title block={block} main={!titled} />);
            titled = true;
            break;
          case 'facts':
            out.push(<Facts block={block} />);
            break;
          case 'attendance':
            out.push(<Attendance block={block} />);
            break;
          case 'agenda':
            out.push(<Agenda block={block} anchors={anchors} />);
            break;
          case 'signatures':
            out.push(<Signatures block={block} />);
            break;
        }
    }
  }
  closePart();
  // Every page has its one <h1>: the meta title where the model has no title block.
  if (!titled) out.splice(titleAt, 0, <h1>{doc.meta.title}</h1>);
  return out;
}

function Article({ doc, options }: { doc: DocumentModel; options: RenderHtmlOptions }) {
  return (
    <article class="ri-doc" lang="de" data-kind={doc.meta.kind} data-variant={doc.meta.variant}>
      {body(doc, options)}
    </article>
  );
}

function Page({ doc, options }: { doc: DocumentModel; options: RenderHtmlOptions }) {
  const { meta } = doc;
  return (
    <html lang="de">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{meta.title}</title>
        <meta name="author" content={meta.author} />
        <meta name="description" content={meta.subject} />
        {meta.keywords.length > 0 && <meta name="keywords" content={meta.keywords.join(', ')} />}
        {meta.date && <meta name="dcterms.date" content={meta.date} />}
        <style>{PAGE_STYLES + DOCUMENT_STYLES}</style>
      </head>
      <body>
        <main>
          <Article doc={doc} options={options} />
        </main>
      </body>
    </html>
  );
}

export function renderHtml(doc: DocumentModel, options: RenderHtmlOptions = {}): string {
  const standalone = options.standalone ?? true;
  const html = (standalone ? <Page doc={doc} options={options} /> : <Article doc={doc} options={options} />).toString();
  // All components are synchronous, so hono/jsx returns a string; a Promise would mean an async component.
  if (typeof html !== 'string') throw new Error('renderHtml: unexpected asynchronous component');
  return standalone ? `<!DOCTYPE html>\n${html}\n` : html;
}
