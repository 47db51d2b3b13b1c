/**
 * Feedback on barriers (Barrierefreiheit), from the public form: BITV NRW requires a feedback route
 * linked from every page.
 */
import { z } from 'zod';
import { accessibilityFeedback } from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';
import { audit, found, inTransaction, type ServiceContext } from './context.ts';

export const feedbackSchema = z.object({
  message: z
    .string()
    .trim()
    .min(10, 'Bitte beschreiben Sie die Barriere in mindestens 10 Zeichen.')
    .max(5000, 'Bitte fassen Sie sich kürzer (höchstens 5000 Zeichen).'),
  pageUrl: z
    .string()
    .trim()
    .max(500, 'Die Adresse ist zu lang (höchstens 500 Zeichen).')
    .transform((v) => v || null)
    .nullish(),
  contact: z
    .string()
    .trim()
    .max(200, 'Die Kontaktangabe ist zu lang (höchstens 200 Zeichen).')
    .transform((v) => v || null)
    .nullish(),
});

export type FeedbackInput = z.input<typeof feedbackSchema>;

/** Problems per field, for the form; empty when the input is fine. */
export function feedbackProblems(input: unknown): Record<string, string> {
  const parsed = feedbackSchema.safeParse(input);
  if (parsed.success) return {};
  return Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'message'), i.message]));
}

export function submitFeedback(ctx: ServiceContext, input: FeedbackInput) {
  const parsed = feedbackSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError('validation.invalid_input', parsed.error.issues.map((i) => i.message).join(' '), {
      problems: feedbackProblems(input),
    });
  }
  return inTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(accessibilityFeedback)
      .values({
        message: parsed.data.message,
        pageUrl: parsed.data.pageUrl ?? null,
        contact: parsed.data.contact ?? null,
      })
      .returning();
    const feedback = found(row, 'feedback', 'neu');
    await audit(tx, {
      bodyId: null,
      action: 'create',
      entity: 'accessibility_feedback',
      entityId: feedback.id,
      after: feedback,
    });
    return feedback;
  });
}
