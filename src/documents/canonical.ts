/**
 * The canonical serialization of a document model and its content hash, for the frozen versions of signed
 * minutes (minutes_versions, migration 0017): JSON with the keys of every object sorted (by UTF-16 code
 * units), no white space, `undefined` members left out, strings as they are. The same model
 * gives the same bytes whatever the key order it was built or stored in (jsonb reorders keys), so the hash
 * computed when a version is stored can be verified when it is shown.
 *
 * @example
 *   canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 *   contentHash(model) // 'e3b0c442…' (64 hex digits)
 */
import { createHash } from 'node:crypto';

export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: cannot serialize a ${typeof value}`);
  }
}

/** SHA-256 (hex) of the canonical serialization in UTF-8. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
