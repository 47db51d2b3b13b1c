/**
 * What the back office's pages and JSON API read from a request and answer with, in one place: ids from
 * the path, the JSON body, and domain errors as the API's JSON (`{"error":{"id","message",…}}`).
 */
import type { Context } from 'hono';
import { isDomainError, statusForError } from '../../domain/errors.ts';
import type { AppEnv } from '../env.ts';

/** A positive integer id from the path or a form; undefined for anything else. */
export const positiveId = (value: string | undefined): number | undefined =>
  value !== undefined && /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;

/** The JSON body as an object; undefined when it is not a JSON object. */
export async function jsonBody(c: Context<AppEnv>): Promise<Record<string, unknown> | undefined> {
  try {
    const value: unknown = await c.req.json();
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** 400 for a body that is not a JSON object. */
export const notJson = (c: Context<AppEnv>) =>
  c.json(
    {
      error: {
        id: 'validation.failed',
        message: 'Der Inhalt der Anfrage muss ein JSON-Objekt sein (Content-Type: application/json).',
        fields: {},
      },
    },
    400,
  );

/**
 * A domain error as the API's JSON, with the field messages of `validation.failed` and the current
 * version of `conflict.stale`; `*.not_found` through the API's own 404. Anything else is thrown on to
 * the app's error handler.
 */
export function domainErrorJson(
  c: Context<AppEnv>,
  error: unknown,
  notFound: (c: Context<AppEnv>, message: string) => Response,
): Response {
  if (!isDomainError(error)) throw error;
  if (error.id === 'validation.failed') {
    return c.json({ error: { id: error.id, message: error.message, fields: error.details.fields ?? {} } }, 422);
  }
  if (error.id === 'conflict.stale') {
    return c.json(
      { error: { id: error.id, message: error.message, currentVersion: error.details.currentVersion } },
      409,
    );
  }
  if (error.id.endsWith('.not_found')) return notFound(c, error.message);
  return c.json({ error: { id: error.id, message: error.message } }, statusForError(error.id) as 422);
}
