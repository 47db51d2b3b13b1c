/**
 * Use cases for master data: bodies, legislative terms, organisations, persons, memberships,
 * locations and rooms. Each runs in a transaction, checks the domain rules, and writes the audit log.
 */

import { and, eq } from 'drizzle-orm';
import { bodies, legislativeTerms, locations, memberships, organizations, persons, rooms } from '../db/schema.ts';
import { bodySettingsSchema, organizationSettingsSchema } from '../domain/body-settings.ts';
import { DomainError } from '../domain/errors.ts';
import { slugProblem } from '../domain/slug.ts';
import { type AuditEntry, audit, found, inTransaction, type ServiceContext } from './context.ts';

type Insert<T extends { $inferInsert: unknown }> = T['$inferInsert'];

async function create<T extends { id: number; bodyId?: number | null }>(
  ctx: ServiceContext,
  entity: string,
  insert: () => Promise<T[]>,
  bodyId?: number,
): Promise<T> {
  const [row] = await insert();
  const created = found(row, entity, 'neu');
  const entry: AuditEntry = {
    bodyId: bodyId ?? created.bodyId ?? null,
    action: 'create',
    entity,
    entityId: created.id,
    after: created,
  };
  await audit(ctx, entry);
  return created;
}

export function createBody(ctx: ServiceContext, input: Omit<Insert<typeof bodies>, 'id'>) {
  return inTransaction(ctx, async (tx) => {
    const problem = slugProblem(input.slug);
    if (problem) throw new DomainError('body.invalid_slug', problem, { slug: input.slug });
    const [existing] = await tx.db.select({ id: bodies.id }).from(bodies).where(eq(bodies.slug, input.slug));
    if (existing) {
      throw new DomainError('body.slug_taken', `Der Kurzname „${input.slug}“ ist bereits vergeben.`, {
        slug: input.slug,
      });
    }
    const settings = bodySettingsSchema.safeParse(input.settings ?? {});
    if (!settings.success) {
      throw new DomainError('body.invalid_settings', 'Die Einstellungen der Körperschaft sind ungültig.', {
        problems: settings.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      });
    }
    return create(tx, 'body', () => tx.db.insert(bodies).values(input).returning());
  });
}

export async function getBody(ctx: ServiceContext, id: number) {
  const [row] = await ctx.db.select().from(bodies).where(eq(bodies.id, id));
  return found(row, 'body', id);
}

export function createTerm(ctx: ServiceContext, input: Omit<Insert<typeof legislativeTerms>, 'id'>) {
  return inTransaction(ctx, async (tx) => {
    await getBody(tx, input.bodyId);
    if (input.endDate && input.endDate < input.startDate) {
      throw new DomainError('term.invalid_dates', 'Das Ende der Wahlperiode liegt vor ihrem Beginn.', {
        startDate: input.startDate,
        endDate: input.endDate,
      });
    }
    return create(tx, 'term', () => tx.db.insert(legislativeTerms).values(input).returning());
  });
}

export async function getOrganization(ctx: ServiceContext, id: number) {
  const [row] = await ctx.db.select().from(organizations).where(eq(organizations.id, id));
  return found(row, 'organization', id);
}

function sameBody(entity: string, what: { bodyId: number }, bodyId: number, label: string) {
  if (what.bodyId !== bodyId) {
    throw new DomainError(`${entity}.body_mismatch`, `${label} gehört zu einer anderen Körperschaft.`, {
      expected: bodyId,
      actual: what.bodyId,
    });
  }
}

export function createOrganization(ctx: ServiceContext, input: Omit<Insert<typeof organizations>, 'id'>) {
  return inTransaction(ctx, async (tx) => {
    await getBody(tx, input.bodyId);
    if (input.parentId != null) {
      sameBody(
        'organization',
        await getOrganization(tx, input.parentId),
        input.bodyId,
        'Die übergeordnete Organisation',
      );
    }
    if (input.officeNumber != null) {
      const [taken] = await tx.db
        .select({ id: organizations.id })
        .from(organizations)
        .where(and(eq(organizations.bodyId, input.bodyId), eq(organizations.officeNumber, input.officeNumber)));
      if (taken) {
        throw new DomainError(
          'organization.office_number_taken',
          `Die Amtsnummer ${input.officeNumber} ist bereits vergeben.`,
          { officeNumber: input.officeNumber },
        );
      }
    }
    if (input.startDate && input.endDate && input.endDate < input.startDate) {
      throw new DomainError('organization.invalid_dates', 'Das Ende liegt vor dem Beginn.');
    }
    if (!organizationSettingsSchema.safeParse(input.settings ?? {}).success) {
      throw new DomainError('organization.invalid_settings', 'Die Einstellungen der Organisation sind ungültig.');
    }
    return create(tx, 'organization', () => tx.db.insert(organizations).values(input).returning());
  });
}

export async function getPerson(ctx: ServiceContext, id: number) {
  const [row] = await ctx.db.select().from(persons).where(eq(persons.id, id));
  return found(row, 'person', id);
}

export function createPerson(ctx: ServiceContext, input: Omit<Insert<typeof persons>, 'id'>) {
  return inTransaction(ctx, async (tx) => {
    await getBody(tx, input.bodyId);
    if (!input.familyName.trim()) {
      throw new DomainError('person.family_name_missing', 'Der Nachname fehlt.');
    }
    return create(tx, 'person', () => tx.db.insert(persons).values(input).returning());
  });
}

export function createMembership(ctx: ServiceContext, input: Omit<Insert<typeof memberships>, 'id'>) {
  return inTransaction(ctx, async (tx) => {
    const person = await getPerson(tx, input.personId);
    const organization = await getOrganization(tx, input.organizationId);
    sameBody('membership', person, organization.bodyId, 'Die Person');
    if (input.startDate && input.endDate && input.endDate < input.startDate) {
      throw new DomainError('membership.invalid_dates', 'Das Ende der Mitgliedschaft liegt vor ihrem Beginn.');
    }
    if (input.termId != null) {
      const [term] = await tx.db.select().from(legislativeTerms).where(eq(legislativeTerms.id, input.termId));
      const t = found(term, 'term', input.termId);
      sameBody('membership', t, organization.bodyId, 'Die Wahlperiode');
      const start = input.startDate ?? t.startDate;
      const end = input.endDate ?? t.endDate;
      const startsBefore = start < t.startDate;
      const endsAfter = t.endDate != null && (end == null || end > t.endDate);
      if (startsBefore || endsAfter) {
        throw new DomainError(
          'membership.outside_term',
          `Die Mitgliedschaft (${start} bis ${end ?? 'offen'}) liegt nicht innerhalb der ${t.name} ` +
            `(${t.startDate} bis ${t.endDate ?? 'offen'}).`,
          { start, end, termStart: t.startDate, termEnd: t.endDate },
        );
      }
    }
    if (input.onBehalfOfId != null) {
      const faction = await getOrganization(tx, input.onBehalfOfId);
      sameBody('membership', faction, organization.bodyId, 'Die Fraktion');
      if (faction.kind !== 'faction') {
        throw new DomainError('membership.on_behalf_of_not_faction', `„${faction.name}“ ist keine Fraktion.`);
      }
    }
    if (input.deputyOfPersonId != null) {
      if (input.deputyOfPersonId === input.personId) {
        throw new DomainError('membership.deputy_of_self', 'Eine Person kann nicht ihre eigene Stellvertretung sein.');
      }
      sameBody('membership', await getPerson(tx, input.deputyOfPersonId), organization.bodyId, 'Die vertretene Person');
    }
    return create(tx, 'membership', () => tx.db.insert(memberships).values(input).returning(), organization.bodyId);
  });
}

export function createLocation(ctx: ServiceContext, input: Omit<Insert<typeof locations>, 'id'>) {
  return inTransaction(ctx, async (tx) => {
    await getBody(tx, input.bodyId);
    return create(tx, 'location', () => tx.db.insert(locations).values(input).returning());
  });
}

export function createRoom(ctx: ServiceContext, input: Omit<Insert<typeof rooms>, 'id'>) {
  return inTransaction(ctx, async (tx) => {
    const [location] = await tx.db.select().from(locations).where(eq(locations.id, input.locationId));
    const loc = found(location, 'location', input.locationId);
    const [taken] = await tx.db
      .select({ id: rooms.id })
      .from(rooms)
      .where(and(eq(rooms.locationId, input.locationId), eq(rooms.name, input.name)));
    if (taken) {
      throw new DomainError('room.name_taken', `Den Raum „${input.name}“ gibt es in diesem Gebäude schon.`);
    }
    return create(tx, 'room', () => tx.db.insert(rooms).values(input).returning(), loc.bodyId);
  });
}
