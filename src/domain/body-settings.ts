/**
 * Settings of a body (tenant), stored as JSON in `bodies.settings`. Unknown keys are kept; missing
 * keys get the defaults below. Values the law leaves to the Geschäftsordnung live here, never in code.
 */
import { z } from 'zod';

export const bodySettingsSchema = z.object({
  /** List the titles of non-public agenda items in public documents and pages (Kreis Mettmann does). */
  publishNonPublicAgendaTitles: z.boolean().default(false),
  /** Invitation deadline (Ladungsfrist) per the Geschäftsordnung. */
  invitationDeadline: z
    .object({
      days: z.number().int().min(0).default(7),
      unit: z.enum(['calendar', 'working']).default('calendar'),
      urgentDays: z.number().int().min(0).default(3),
      urgentUnit: z.enum(['calendar', 'working']).default('working'),
    })
    .default({ days: 7, unit: 'calendar', urgentDays: 3, urgentUnit: 'working' }),
});

export type BodySettings = z.output<typeof bodySettingsSchema>;

/** Reads stored settings leniently: invalid values fall back to defaults rather than failing a page. */
export function bodySettings(stored: unknown): BodySettings {
  const parsed = bodySettingsSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : bodySettingsSchema.parse({});
}
