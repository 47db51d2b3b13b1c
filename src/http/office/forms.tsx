/**
 * The back office's small form helpers, one copy for every page module: reading a posted form, the hidden
 * fields every form carries (CSRF token, the version it was loaded from), the error or notice above a page,
 * the error summary that links to the fields, and a field's error text with the `aria-invalid` /
 * `aria-describedby` attributes that point to it.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { Session } from '../../services/accounts.ts';
import type { AppEnv } from '../env.ts';
import { ONCE_FIELD } from './once.ts';

export type Form = Record<string, string | File | (string | File)[]>;
export type Values = Record<string, string>;

/** One text field of a posted form ('' when missing or a file). */
export const field = (form: Form, name: string): string => {
  const value = form[name];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one : '';
};

/** The posted form's text fields, the first value of each. */
export const formOf = async (c: Context<AppEnv>): Promise<Values> => {
  const form = (await c.req.parseBody({ all: true })) as Form;
  return Object.fromEntries(Object.keys(form).map((k) => [k, field(form, k)]));
};

/**
 * The form's one-time key, fresh with every rendering: sent twice (a double click, a reload), the form is
 * carried out once (src/http/office/once.ts).
 */
export function OnceField() {
  return <input type="hidden" name={ONCE_FIELD} value={randomUUID()} />;
}

/** The hidden CSRF field and one-time key, and the version the form was loaded from when given. */
export function CsrfField(props: { session: Session; version?: number }) {
  return (
    <>
      <input type="hidden" name="_csrf" value={props.session.csrfToken} />
      <OnceField />
      {props.version !== undefined ? <input type="hidden" name="version" value={String(props.version)} /> : null}
    </>
  );
}

/** An error (role alert) or a notice (role status) above the page's content. */
export function Alert(props: { error?: string | undefined; notice?: string | undefined }) {
  return (
    <>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
    </>
  );
}

/**
 * The error summary above a form: what is wrong, each a link to its field ("Label: message" with `labels`,
 * else the message alone), or just `message` when no field is at fault.
 */
export function ErrorSummary(props: {
  errors: Values;
  labels?: Record<string, string>;
  message?: string | undefined;
  title?: string;
}) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0 && !props.message) return null;
  const { labels } = props;
  return (
    // Focused on load (autofocus): keyboard and screen reader users start at what went wrong.
    <div class="error-summary" role="alert" aria-labelledby="fehler-titel" tabindex={-1} id="fehler" autofocus>
      <h2 id="fehler-titel">
        {props.title ?? (entries.length > 0 ? 'Bitte prüfen Sie Ihre Angaben' : 'Nicht gespeichert')}
      </h2>
      {props.message ? <p>{props.message}</p> : null}
      {entries.length > 0 ? (
        <ul>
          {entries.map(([key, message]) => (
            <li>
              {labels ? (
                <a href={`#${key}`}>
                  {labels[key] ?? key}: {message}
                </a>
              ) : (
                <a href={`#${key}`}>{message}</a>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The title of the error summary on the record and resolution pages. */
export const NOT_SAVED = 'Nicht gespeichert – bitte prüfen Sie Ihre Angaben';

/** The error text of field `id` (its id `${id}-fehler`, which `invalid` points to). */
export function ErrorText(props: { id: string; error?: string | undefined }) {
  return props.error ? (
    <p id={`${props.id}-fehler`} class="error">
      {props.error}
    </p>
  ) : null;
}

/** `aria-invalid` and `aria-describedby` (the hint's id, if any, and the error text's) for field `id`. */
export const invalid = (error: string | undefined, id: string, hint?: string) => ({
  'aria-invalid': error ? ('true' as const) : undefined,
  'aria-describedby': [hint, error ? `${id}-fehler` : ''].filter(Boolean).join(' ') || undefined,
});
