/**
 * Building blocks of the back office's list and form pages (master data first; papers, meetings and
 * minutes can use them too): a search form, sortable column headers (links, `aria-sort`), "Seite x von y"
 * navigation, form fields with their German error next to them (`aria-invalid`, `aria-describedby`).
 * The error summary, the hidden fields and the other small form helpers are in forms.tsx.
 */
import type { Child } from 'hono/jsx';
import { formatIsoDate } from '../../domain/format.ts';
import type { ListResult } from '../../services/masterdata-edit.ts';

export type Values = Record<string, string>;
export type Errors = Record<string, string>;

/** "18.02.2021", or "–" for none. */
export function germanDate(iso: string | null | undefined): string {
  return iso ? formatIsoDate(iso) : '–';
}

/** A list page's state in its address: q, sortierung, richtung, seite (and the page's own filters). */
export interface ListState {
  q: string;
  sort: string;
  desc: boolean;
  page: number;
  filters?: Record<string, string | undefined>;
}

export function listHref(base: string, state: ListState, change: Partial<ListState> = {}): string {
  const next = { ...state, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set('q', next.q);
  for (const [k, v] of Object.entries(next.filters ?? {})) if (v) params.set(k, v);
  params.set('sortierung', next.sort);
  if (next.desc) params.set('richtung', 'ab');
  if (next.page > 1) params.set('seite', String(next.page));
  return `${base}?${params.toString()}`;
}

/** The list state from the query string; unknown sort keys fall back to the default in the service. */
export function readListState(query: (name: string) => string | undefined): {
  q: string;
  sort: string | undefined;
  desc: boolean;
  page: number;
} {
  const page = Number(query('seite') ?? '1');
  return {
    q: (query('q') ?? '').trim(),
    sort: query('sortierung') || undefined,
    desc: query('richtung') === 'ab',
    page: Number.isInteger(page) && page > 0 && page < 1e9 ? page : 1,
  };
}

export interface Column<T> {
  label: string;
  /** The sort key of the column, if it can be sorted by. */
  sort?: string;
  cell: (row: T) => Child;
}

/** A table whose headers sort: a link per sortable header, the sorted one with aria-sort. */
export function SortableTable<T>(props: {
  caption: string;
  base: string;
  state: ListState;
  columns: Column<T>[];
  rows: T[];
}) {
  const { state } = props;
  return (
    <table>
      <caption class="muted">{props.caption}</caption>
      <thead>
        <tr>
          {props.columns.map((column) => {
            if (!column.sort) return <th scope="col">{column.label}</th>;
            const active = state.sort === column.sort;
            const nextDesc = active ? !state.desc : false;
            return (
              <th scope="col" aria-sort={active ? (state.desc ? 'descending' : 'ascending') : undefined}>
                <a
                  href={listHref(props.base, state, { sort: column.sort, desc: nextDesc, page: 1 })}
                  title={`Nach ${column.label} ${nextDesc ? 'absteigend' : 'aufsteigend'} sortieren`}
                >
                  {column.label}
                  {active ? <span aria-hidden="true">{state.desc ? ' ▼' : ' ▲'}</span> : null}
                </a>
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            {props.columns.map((column) => (
              <td>{column.cell(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Seite 2 von 5" with previous/next links; the count of entries shown. */
export function Pages(props: { base: string; state: ListState; result: ListResult<unknown> }) {
  const { result } = props;
  if (result.total === 0) return null;
  const first = (result.page - 1) * result.pageSize + 1;
  const last = Math.min(result.page * result.pageSize, result.total);
  return (
    <nav class="pages" aria-label="Seiten der Liste">
      <p>
        {result.pages > 1 ? `Seite ${result.page} von ${result.pages} · ` : ''}Einträge {first}–{last} von{' '}
        {result.total}
      </p>
      {result.pages > 1 ? (
        <ul class="inline">
          {result.page > 1 ? (
            <li>
              <a href={listHref(props.base, props.state, { page: 1 })}>Erste Seite</a>
            </li>
          ) : null}
          {result.page > 1 ? (
            <li>
              <a rel="prev" href={listHref(props.base, props.state, { page: result.page - 1 })}>
                Vorherige Seite
              </a>
            </li>
          ) : null}
          {result.page < result.pages ? (
            <li>
              <a rel="next" href={listHref(props.base, props.state, { page: result.page + 1 })}>
                Nächste Seite
              </a>
            </li>
          ) : null}
          {result.page < result.pages ? (
            <li>
              <a href={listHref(props.base, props.state, { page: result.pages })}>Letzte Seite</a>
            </li>
          ) : null}
        </ul>
      ) : null}
    </nav>
  );
}

/** The search form of a list (GET): keeps the sort order, starts at page 1. */
export function SearchForm(props: { base: string; state: ListState; label: string; children?: Child }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: role=search on the form is the landmark screen readers know; <search> is too new for some.
    <form method="get" action={props.base} role="search" class="search">
      <label for="q">{props.label}</label>
      <input type="search" id="q" name="q" value={props.state.q} />
      {props.children}
      <input type="hidden" name="sortierung" value={props.state.sort} />
      {props.state.desc ? <input type="hidden" name="richtung" value="ab" /> : null}
      <button type="submit">Suchen</button>
      {props.state.q || Object.values(props.state.filters ?? {}).some(Boolean) ? (
        <a href={props.base}> Suche zurücksetzen</a>
      ) : null}
    </form>
  );
}

export type FieldSpec = {
  key: string;
  label: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
} & (
  | { type: 'text' | 'email' | 'url' | 'tel' | 'date' | 'number' }
  | { type: 'select'; options: Array<{ value: string; label: string; group?: string }>; empty?: string }
  | { type: 'checkbox' }
);

/** One labelled form control with its hint, its error and (after a conflict) the value stored meanwhile. */
export function FormField(props: {
  spec: FieldSpec;
  value: string;
  error?: string | undefined;
  stored?: string | undefined;
}) {
  const { spec } = props;
  const hintId = spec.hint ? `${spec.key}-hinweis` : '';
  const errorId = props.error ? `${spec.key}-fehler` : '';
  const storedId = props.stored !== undefined ? `${spec.key}-gespeichert` : '';
  const described = [hintId, errorId, storedId].filter(Boolean).join(' ') || undefined;
  const invalid = props.error ? 'true' : undefined;
  const extra = (
    <>
      {spec.hint ? (
        <span id={hintId} class="hint muted">
          {spec.hint}
        </span>
      ) : null}
      {props.error ? (
        <p id={errorId} class="error">
          {props.error}
        </p>
      ) : null}
      {props.stored !== undefined ? (
        <p id={storedId} class="stored">
          Inzwischen gespeichert: {props.stored === '' ? '(leer)' : props.stored}
        </p>
      ) : null}
    </>
  );
  if (spec.type === 'checkbox') {
    return (
      <div class="field">
        <input
          type="checkbox"
          id={spec.key}
          name={spec.key}
          value="1"
          checked={props.value === '1'}
          aria-invalid={invalid}
          aria-describedby={described}
        />{' '}
        <label for={spec.key} class="inline">
          {spec.label}
        </label>
        {extra}
      </div>
    );
  }
  const label = (
    <label for={spec.key}>
      {spec.label}
      {spec.required ? <span class="muted"> (Pflichtfeld)</span> : null}
    </label>
  );
  if (spec.type === 'select') {
    const groups = [...new Set(spec.options.map((o) => o.group ?? ''))];
    const option = (o: { value: string; label: string }) => (
      <option value={o.value} selected={o.value === props.value}>
        {o.label}
      </option>
    );
    return (
      <div class="field">
        {label}
        <select
          id={spec.key}
          name={spec.key}
          required={spec.required}
          aria-invalid={invalid}
          aria-describedby={described}
        >
          {spec.empty !== undefined ? <option value="">{spec.empty}</option> : null}
          {groups.length > 1
            ? groups.map((g) => (
                <optgroup label={g || 'Weitere'}>
                  {spec.options.filter((o) => (o.group ?? '') === g).map(option)}
                </optgroup>
              ))
            : spec.options.map(option)}
        </select>
        {extra}
      </div>
    );
  }
  return (
    <div class="field">
      {label}
      <input
        type={spec.type}
        id={spec.key}
        name={spec.key}
        value={props.value}
        required={spec.required}
        autocomplete={spec.autocomplete ?? 'off'}
        aria-invalid={invalid}
        aria-describedby={described}
        min={spec.type === 'number' ? '1' : undefined}
      />
      {extra}
    </div>
  );
}

/** The value of a field as shown in a read-only view. */
export function displayValue(spec: FieldSpec, value: string): string {
  if (spec.type === 'checkbox') return value === '1' ? 'ja' : 'nein';
  if (spec.type === 'select') return spec.options.find((o) => o.value === value)?.label ?? (value ? value : '–');
  if (spec.type === 'date') return germanDate(value || null);
  return value || '–';
}

/** A read-only view of the fields (for roles that may read master data but not edit it). */
export function ReadOnlyFields(props: { specs: FieldSpec[]; values: Values }) {
  return (
    <dl class="facts">
      {props.specs.map((spec) => (
        <>
          <dt>{spec.label}</dt>
          <dd>{displayValue(spec, props.values[spec.key] ?? '')}</dd>
        </>
      ))}
    </dl>
  );
}

export const masterdataStyles = `
.subnav ul, ul.inline { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; margin: .5rem 0; }
.subnav a[aria-current="page"] { font-weight: 700; text-decoration: none; color: var(--fg); }
.search { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin: 1rem 0; }
.search label { margin: 0; }
.search button { margin: 0; }
input[type=search], input[type=email], input[type=url], input[type=tel], input[type=date], input[type=number] { padding: .25rem; }
input[type=search], input[type=email], input[type=url] { min-width: 18rem; }
.error-summary { border: 3px solid #a4000f; padding: .5rem 1rem; margin: 1rem 0; }
.error-summary h2 { margin-top: 0; font-size: 1.1rem; }
.stored { color: #6b4b00; margin: .25rem 0; }
[aria-invalid="true"] { border: 2px solid #a4000f; }
.hint { display: block; }
.field { margin-top: .5rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
th a { color: inherit; }
.actions { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
`;
