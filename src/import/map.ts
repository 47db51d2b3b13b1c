/**
 * OParl objects (normalized) → values of Ratsinfo's rows: pure functions, no I/O. Vendor fields under
 * `ratsinfo:` (Ratsinfo's own API) win over the guesses made from OParl's free texts.
 */
import {
  type consultationRole as consultationRoles,
  meetingState as meetingStates,
  type membershipRole as membershipRoles,
  organizationKind as organizationKinds,
} from '../db/schema.ts';
import { RESERVED_SLUGS, SLUG_PATTERN } from '../domain/slug.ts';
import { type Json, type NObject, str } from './normalize.ts';
import type { Report } from './report.ts';

// The schema's enums are the one list of each.
export type OrganizationKind = (typeof organizationKinds.enumValues)[number];
export type MembershipRole = (typeof membershipRoles.enumValues)[number];
export type MeetingState = (typeof meetingStates.enumValues)[number];
export type ConsultationRole = (typeof consultationRoles.enumValues)[number];

/** A URL segment from a German name: "Stadt Köln, kreisfreie Stadt" → "stadt-koeln-kreisfreie-stadt". */
export function slugify(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'koerperschaft';
}

/** A free, allowed slug: the wish, else with "-2", "-3" … appended. */
export function freeSlug(wish: string, taken: (slug: string) => boolean): string {
  const base = SLUG_PATTERN.test(wish) ? wish : slugify(wish);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!RESERVED_SLUGS.has(candidate) && !taken(candidate)) return candidate;
  }
}

export function jurisdictionOf(body: Json): 'nrw-kreis' | 'nrw-gemeinde' {
  const c = `${str(body, 'classification') ?? ''}`.toLowerCase();
  if (c === 'kreis' || /landkreis|^kreis\b|kreisverwaltung/.test(c)) return 'nrw-kreis';
  if (!c && /^(land)?kreis\b|kreisverwaltung/i.test(str(body, 'name') ?? '')) return 'nrw-kreis';
  return 'nrw-gemeinde';
}

/** The kind of an organisation from `ratsinfo:kind`, organizationType, classification or its name. */
export function organizationKind(o: NObject, report: Pick<Report, 'defect'>): OrganizationKind {
  const vendor = str(o, 'ratsinfo:kind');
  if (vendor && (organizationKinds.enumValues as readonly string[]).includes(vendor)) return vendor as OrganizationKind;
  const type = (str(o, 'organizationType') ?? '').toLowerCase();
  const cls = (str(o, 'classification') ?? '').toLowerCase();
  const name = (str(o, 'name') ?? str(o, 'shortName') ?? '').toLowerCase();
  const council =
    /^(parlament|rat|stadtrat|gemeinderat|kreistag|stadtverordnetenversammlung|gemeindevertretung|bürgerschaft|regionalversammlung)$/;
  if (type === 'fraktion' || cls.includes('fraktion') || cls === 'gruppe') return 'faction';
  if (type === 'verwaltungsbereich' || /verwaltung|amt|dezernat|fachbereich/.test(cls)) return 'office';
  if (type === 'partei' || type === 'institution' || type === 'sonstiges' || type === 'hilfsobjekt') return 'external';
  if (council.test(cls) || council.test(name)) return 'council';
  if (type === 'gremium' || /ausschuss|beirat|kommission|bezirksvertretung|ortsbeirat|gremium/.test(cls))
    return 'committee';
  if (/fraktion/.test(name)) return 'faction';
  if (/ausschuss|beirat|kommission|bezirksvertretung/.test(name)) return 'committee';
  report.defect(
    o.id,
    'unknown_organization_type',
    `Art der Organisation unbekannt (organizationType „${type || '–'}“, classification „${cls || '–'}“)`,
    'als Ausschuss übernommen',
  );
  return 'committee';
}

const ROLES: readonly MembershipRole[] = [
  'chair',
  'vice_chair',
  'member',
  'deputy_member',
  'advisory_member',
  'secretary',
  'deputy_secretary',
];

/** The German labels Ratsinfo's API gives each role: a role given this way needs no label of its own. */
export const ROLE_LABELS: Record<MembershipRole, string> = {
  chair: 'Vorsitz',
  vice_chair: 'stellv. Vorsitz',
  member: 'Mitglied',
  deputy_member: 'stellv. Mitglied',
  advisory_member: 'beratendes Mitglied',
  secretary: 'Schriftführung',
  deputy_secretary: 'stellv. Schriftführung',
};

/** Role text → Ratsinfo's role ("Vorsitzende" → chair, "1. Stellvertreter" → vice_chair …). */
export function membershipRole(m: Json): { role: MembershipRole; label: string | null } {
  const text = str(m, 'role');
  const vendor = str(m, 'ratsinfo:role');
  if (vendor && (ROLES as readonly string[]).includes(vendor)) {
    const role = vendor as MembershipRole;
    return { role, label: text && text !== ROLE_LABELS[role] ? text : null };
  }
  if (!text) return { role: 'member', label: null };
  const t = text.toLowerCase();
  const deputy = /stellv|stellvertret|vertreter|\bvertr\b/.test(t);
  let role: MembershipRole = 'member';
  if (/schriftf|protokoll/.test(t)) role = deputy ? 'deputy_secretary' : 'secretary';
  else if (/vorsitz|vorsitzend|bürgermeister|landrat|präsident|sprecher/.test(t))
    role = deputy ? 'vice_chair' : 'chair';
  else if (/^\d+\.\s*stellvertret/.test(t) || /stellvertreter(in)?$/.test(t)) role = 'vice_chair';
  else if (/beratend|sachverständig|gast/.test(t)) role = 'advisory_member';
  else if (deputy) role = 'deputy_member';
  return { role, label: text === ROLE_LABELS[role] ? null : text };
}

export function meetingState(m: Json, startMs: number, hasAgenda: boolean): MeetingState {
  const vendor = str(m, 'ratsinfo:state');
  if (vendor && (meetingStates.enumValues as readonly string[]).includes(vendor)) return vendor as MeetingState;
  const state = (str(m, 'meetingState') ?? '').toLowerCase();
  // What another system published is public: a past meeting's results are shown (signed minutes),
  // a coming meeting's agenda too (invited).
  if (state.includes('durchgef') || state.includes('abgeschlossen')) return 'minutes_signed';
  if (state.includes('eingeladen')) return startMs < Date.now() ? 'minutes_signed' : 'invited';
  if (state.includes('terminiert') || state.includes('geplant')) return hasAgenda ? 'invited' : 'planned';
  return startMs < Date.now() ? 'minutes_signed' : hasAgenda ? 'invited' : 'planned';
}

export function consultationRole(c: Json): ConsultationRole {
  const vendor = str(c, 'ratsinfo:role');
  if (vendor === 'preliminary' || vendor === 'decision' || vendor === 'notice') return vendor;
  const role = (str(c, 'role') ?? '').toLowerCase();
  if (/kenntnis/.test(role)) return 'notice';
  if (/vorberat|vorberatung|anhörung|empfehlung/.test(role)) return 'preliminary';
  if (/entscheid|beschluss|beschließ/.test(role)) return 'decision';
  return c.authoritative === true ? 'decision' : 'preliminary';
}

/** A vote from an item's free-text result when the source has no `ratsinfo:votes`. */
export function voteFromResult(
  result: string,
): { outcome: 'accepted' | 'rejected' | 'noted'; unanimous: boolean } | undefined {
  const r = result.toLowerCase();
  if (/zur kenntnis|kenntnisnahme|kenntnis genommen/.test(r)) return { outcome: 'noted', unanimous: false };
  if (/abgelehnt|nicht beschlossen|zurückgewiesen/.test(r)) return { outcome: 'rejected', unanimous: false };
  if (/einstimmig/.test(r)) return { outcome: 'accepted', unanimous: true };
  if (/beschlossen|angenommen|zugestimmt|empfohlen|genehmigt/.test(r)) return { outcome: 'accepted', unanimous: false };
  return undefined;
}

/** A person's family name; from `name` when missing (the last word), reported. */
export function familyName(p: NObject, report: Pick<Report, 'defect'>): string | undefined {
  const family = str(p, 'familyName');
  if (family) return family;
  const name = str(p, 'name');
  if (!name) return undefined;
  const words = name
    .replace(/\(.*?\)/g, '')
    .trim()
    .split(/\s+/);
  const last = words.at(-1);
  report.defect(p.id, 'family_name_missing', 'familyName fehlt', `aus name „${name}“ gebildet („${last}“)`);
  return last;
}

/** A file name a download can carry: from fileName, the name or the URL. */
export function fileNameOf(f: Json): string {
  const given = str(f, 'fileName');
  const fromUrl = (url: string | undefined) => {
    if (!url) return undefined;
    try {
      return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '') || undefined;
    } catch {
      return undefined;
    }
  };
  const name = given ?? fromUrl(str(f, 'accessUrl')) ?? fromUrl(str(f, 'downloadUrl')) ?? str(f, 'name') ?? 'datei';
  return name.replace(/[/\\\0]/g, '_');
}
