import type { Executor } from '../db/open.ts';

/** What every request handler gets from the app. */
export interface AppEnv {
  Variables: { db: Executor };
}
