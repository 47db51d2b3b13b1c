/**
 * Who may do what in the back office and the API: ONE table of rules and one function, `can()`.
 * Pure: no I/O. Routes (src/http/office/) and services ask `can()`; the rules are documented in
 * docs/office.md and tested as a matrix (role × action × public/non-public × signed).
 *
 * Roles are held per body (tenant): an account may be clerk in one body and member in another. The
 * public is the absence of an account (`null`). An installation admin holds the admin role in every body.
 *
 * @example
 *   can({ installationAdmin: false, roles: [{ bodyId: 1, role: 'member' }] }, 'paper.read', { bodyId: 1, public: false }) // true
 *   can(null, 'paper.read', { bodyId: 1, public: false }) // false
 *   can(clerk, 'minutes.edit', { bodyId: 1, signed: true }) // false: signed minutes are frozen
 */

export const ROLES = ['admin', 'clerk', 'chair', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** German names of the roles, as shown in the back office. */
export const roleLabel: Record<Role, string> = {
  admin: 'Administration',
  clerk: 'Sitzungsdienst',
  chair: 'Vorsitz',
  member: 'Mitglied',
};

/** Someone logged in: their roles per body. The public (no account) is `null`. */
export interface Actor {
  installationAdmin: boolean;
  roles: ReadonlyArray<{ bodyId: number; role: Role }>;
}

/** What an action is done to. Omitted fields do not restrict. */
export interface Target {
  /** The body the object belongs to; omitted: "in any body" (e.g. opening the back office at all). */
  bodyId?: number | undefined;
  /** Whether the object is public (a public paper, the public part of published minutes). */
  public?: boolean | undefined;
  /** Whether the minutes are signed (frozen). */
  signed?: boolean | undefined;
}

export interface Rule {
  /** Roles (in the target's body) that may. */
  roles: readonly Role[];
  /** Anyone, the public included, may when the target is public. */
  anyoneIfPublic?: boolean;
  /** 'unsigned': refused for everyone once the minutes are signed; 'signed': only after signing. */
  signed?: 'unsigned' | 'signed';
  /** German description, for refusals and the documentation. */
  label: string;
}

const everyRole = ROLES;
const staff = ['clerk'] as const;

/** The rules. Every back-office route and service names one of these actions. */
export const RULES = {
  'office.enter': { roles: everyRole, label: 'Verwaltung öffnen' },
  'paper.read': { roles: everyRole, anyoneIfPublic: true, label: 'Vorlage lesen' },
  'paper.create': { roles: staff, label: 'Vorlage anlegen' },
  'paper.edit': { roles: staff, label: 'Vorlage bearbeiten' },
  'meeting.read': { roles: everyRole, anyoneIfPublic: true, label: 'Sitzung mit Tagesordnung ansehen' },
  'meeting.plan': { roles: staff, label: 'Sitzung planen, verlegen oder absagen' },
  'agenda.edit': { roles: staff, label: 'Tagesordnung bearbeiten' },
  'meeting.invite': { roles: staff, label: 'Einladung und Nachträge versenden' },
  'attendance.record': { roles: staff, label: 'Anwesenheit erfassen' },
  'vote.record': { roles: staff, signed: 'unsigned', label: 'Abstimmung erfassen' },
  'minutes.read': { roles: everyRole, anyoneIfPublic: true, label: 'Niederschrift lesen' },
  'minutes.edit': { roles: staff, signed: 'unsigned', label: 'Niederschrift bearbeiten' },
  'minutes.submit': { roles: staff, signed: 'unsigned', label: 'Niederschrift zur Unterschrift vorlegen' },
  'minutes.sign': { roles: ['clerk', 'chair'], signed: 'unsigned', label: 'Niederschrift unterschreiben' },
  'minutes.correct': {
    roles: staff,
    signed: 'signed',
    label: 'Unterschriebene Niederschrift berichtigen (neue Fassung mit Begründung)',
  },
  'minutes.publish': { roles: staff, signed: 'signed', label: 'Niederschrift veröffentlichen' },
  'minutes.unpublish': {
    roles: staff,
    signed: 'signed',
    label: 'Veröffentlichung der Niederschrift zurücknehmen (mit Begründung)',
  },
  'resolution.read': { roles: everyRole, label: 'Beschlusskontrolle ansehen' },
  'resolution.track': { roles: staff, label: 'Beschlusskontrolle pflegen' },
  'masterdata.read': { roles: everyRole, label: 'Stammdaten ansehen' },
  'masterdata.edit': {
    roles: ['admin', 'clerk'],
    label: 'Stammdaten pflegen (Gremien, Personen, Mitgliedschaften, Orte, Wahlperioden)',
  },
  'audit.read': { roles: ['admin', 'clerk'], label: 'Änderungsprotokoll ansehen' },
  'account.manage': { roles: ['admin'], label: 'Konten verwalten (anlegen, Rollen, Passwort zurücksetzen)' },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof RULES;
export const ACTIONS = Object.keys(RULES) as Action[];

/** The roles the actor holds in a body (every role's admin part for an installation admin). */
export function rolesIn(actor: Actor, bodyId: number): Role[] {
  const roles = actor.roles.filter((r) => r.bodyId === bodyId).map((r) => r.role);
  if (actor.installationAdmin && !roles.includes('admin')) roles.push('admin');
  return roles;
}

/** Whether `actor` (null: the public) may do `action` to `target`. */
export function can(actor: Actor | null, action: Action, target: Target = {}): boolean {
  const rule: Rule = RULES[action];
  if (rule.signed === 'unsigned' && target.signed === true) return false;
  if (rule.signed === 'signed' && target.signed !== true) return false;
  if (rule.anyoneIfPublic && target.public === true) return true;
  if (!actor) return false;
  if (actor.installationAdmin && rule.roles.includes('admin')) return true;
  return actor.roles.some(
    (r) => (target.bodyId === undefined || r.bodyId === target.bodyId) && rule.roles.includes(r.role),
  );
}

/** German explanation of a refusal, for the 403 page and the API's error message. */
export function refusal(actor: Actor | null, action: Action, target: Target = {}): string {
  const rule: Rule = RULES[action];
  if (rule.signed === 'unsigned' && target.signed === true) {
    return 'Die Niederschrift ist unterschrieben und damit abgeschlossen; sie kann nicht mehr geändert werden. Korrekturen sind nur als neue Fassung mit Begründung möglich.';
  }
  if (rule.signed === 'signed' && target.signed !== true) {
    return `„${rule.label}“ ist erst möglich, wenn die Niederschrift unterschrieben ist.`;
  }
  if (!actor) return `Für „${rule.label}“ müssen Sie angemeldet sein.`;
  const names = rule.roles.map((r) => roleLabel[r]);
  const who = names.length === 1 ? `der Rolle ${names[0]}` : `einer der Rollen ${names.join(', ')}`;
  const where = target.bodyId === undefined ? '' : ' in dieser Körperschaft';
  return `Ihr Konto hat keine Berechtigung für „${rule.label}“. Erlaubt ist das nur mit ${who}${where}.`;
}
