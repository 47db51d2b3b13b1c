/**
 * Settings of a body (tenant), stored as JSON in `bodies.settings`, and per-organisation overrides in
 * `organizations.settings`. Values the law leaves to the Geschäftsordnung live here, never in code;
 * where a body sets nothing, the default of its jurisdiction profile applies.
 */
import { z } from 'zod';
import type { InvitationDeadlineSettings } from './rules/deadline.ts';
import { type JurisdictionId, profileRule } from './rules/profiles.ts';

const invitationDeadlineSchema = z.object({
  days: z.number().int().min(0).max(60),
  unit: z.enum(['calendar', 'working']),
  urgentDays: z.number().int().min(0).max(60),
  urgentUnit: z.enum(['calendar', 'working', 'hours']),
});

export const bodySettingsSchema = z.object({
  /** List the titles of non-public agenda items in public documents and pages (Kreis Mettmann does). */
  publishNonPublicAgendaTitles: z.boolean().default(false),
  /** Invitation deadline (Ladungsfrist) per the Geschäftsordnung; absent = the profile's default. */
  invitationDeadline: invitationDeadlineSchema.optional(),
});

/** Overrides an organisation (a committee) may set for itself. */
export const organizationSettingsSchema = z.object({
  invitationDeadline: invitationDeadlineSchema.optional(),
});

export type BodySettings = z.output<typeof bodySettingsSchema>;
export type OrganizationSettings = z.output<typeof organizationSettingsSchema>;

/** Reads stored settings leniently: invalid values fall back to defaults rather than failing a page. */
export function bodySettings(stored: unknown): BodySettings {
  const parsed = bodySettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : bodySettingsSchema.parse({});
}

export function organizationSettings(stored: unknown): OrganizationSettings {
  const parsed = organizationSettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : {};
}

/**
 * The invitation deadline in force for a meeting: the committee's override, else the body's setting,
 * else the default of the jurisdiction profile on the meeting date.
 */
export function effectiveInvitationDeadline(input: {
  jurisdiction: JurisdictionId;
  body: BodySettings;
  organization?: OrganizationSettings;
  onDate: string;
}): InvitationDeadlineSettings {
  return (
    input.organization?.invitationDeadline ??
    input.body.invitationDeadline ??
    profileRule(input.jurisdiction, 'invitationDeadline', input.onDate).value
  );
}
