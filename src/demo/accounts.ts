/**
 * Demo accounts of the embedded demo (README.md, "Verwaltung und Demo-Zugänge"): the Schriftführer,
 * the chair and a member of the reference meeting, and an administrator of the demo body. Only in the
 * demo data; the passwords are public, so a production installation never loads them (`ratsinfo demo`
 * is explicit on PostgreSQL). The hashes are precomputed (scrypt, default parameters) so that loading
 * the demo costs no hashing; test/office/demo-accounts.test.ts logs in with the documented passwords.
 */
import { and, eq } from 'drizzle-orm';
import { accounts, persons } from '../db/schema.ts';
import type { Role } from '../domain/permissions.ts';
import { createAccount } from '../services/accounts.ts';
import type { ServiceContext } from '../services/context.ts';

export interface DemoAccount {
  login: string;
  displayName: string;
  /** Family name of the linked person of the demo body (null: no person). */
  person: string | null;
  role: Role;
  /** Documented in README.md. */
  password: string;
  passwordHash: string;
}

export const demoAccounts: DemoAccount[] = [
  {
    login: 'gramenz',
    displayName: 'Rüdiger Gramenz',
    person: 'Gramenz',
    role: 'clerk',
    password: 'Demo-Schriftfuehrer-2021',
    passwordHash: 'scrypt$32768$8$3$ZiWjxMcJpv2KcR29wNmmxQ$YA49ZlhOk0Mi6ynTy-ivWWWK6KuZP7HMsDthsk1K4sA',
  },
  {
    login: 'weiss',
    displayName: 'Dietmar Weiß',
    person: 'Weiß',
    role: 'chair',
    password: 'Demo-Vorsitz-2021',
    passwordHash: 'scrypt$32768$8$3$v68ZNDVfnh644RtLkoLTIw$sCVnJnibS8P5lbCzDammiw1fDm0zpz_NQ9QO9HOVIA0',
  },
  {
    login: 'anfang',
    displayName: 'Nicole Anfang',
    person: 'Anfang',
    role: 'member',
    password: 'Demo-Mitglied-2021',
    passwordHash: 'scrypt$32768$8$3$SsSndJshYbNfXetgfJT8pA$YwIO1ksnzU6HMKJDxEVHp0n9ePFcPtMXItZQP8PDNws',
  },
  {
    login: 'demo-admin',
    displayName: 'Demo-Administration',
    person: null,
    role: 'admin',
    password: 'Demo-Administration-2021',
    passwordHash: 'scrypt$32768$8$3$0eGivAT07_YLknmuT8FdkQ$NKb5Jbas9zlK6WF-2ZBfCQyMQQrcX-Jgc0OK5x0Mawo',
  },
];

/**
 * Creates the demo accounts with their role in the demo body, linked to their persons. A login that
 * exists already (an installation's own account) is left alone.
 */
export async function createDemoAccounts(ctx: ServiceContext, bodyId: number): Promise<number> {
  let created = 0;
  for (const demo of demoAccounts) {
    const [taken] = await ctx.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.login, demo.login));
    if (taken) continue;
    const [person] = demo.person
      ? await ctx.db
          .select({ id: persons.id })
          .from(persons)
          .where(and(eq(persons.bodyId, bodyId), eq(persons.familyName, demo.person)))
      : [];
    await createAccount(ctx, {
      login: demo.login,
      displayName: demo.displayName,
      passwordHash: demo.passwordHash,
      personId: person?.id ?? null,
      roles: [{ bodyId, role: demo.role }],
    });
    created += 1;
  }
  return created;
}
