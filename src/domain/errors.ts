/**
 * A rule of the domain was broken. `id` is stable ("agenda_item.number_taken") for the API and tests;
 * `message` is German and shown to users; `details` holds structured context (never secrets).
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly id: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Stable error ids, with the HTTP status each maps to. */
export const errorStatus: Record<string, number> = {
  'validation.invalid_input': 400,
  not_found: 404,
  'storage.data_dir_locked': 503,
  'auth.required': 401,
  'permission.denied': 403,
  'minutes.signed': 403,
  'minutes.submitted': 409,
  'minutes.signer': 403,
  'minutes.already_submitted': 409,
  'minutes.not_submitted': 409,
  'minutes.already_signed': 409,
  'minutes.already_published': 409,
  'minutes.not_published': 409,
  'meeting.not_yet_held': 409,
  'csrf.invalid': 403,
  'auth.throttled': 429,
  'conflict.stale': 409,
  'validation.failed': 422,
};

/** HTTP status for an error id: ids ending in `.not_found` are 404, conflicts 409, else 422. */
export function statusForError(id: string): number {
  const known = errorStatus[id];
  if (known) return known;
  if (id.endsWith('.not_found')) return 404;
  if (id.endsWith('.conflict') || id.endsWith('.taken') || id.endsWith('.duplicate')) return 409;
  return 422;
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
