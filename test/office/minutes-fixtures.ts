/** Fixtures of the minutes' tests (issue 6, part 6). */
import { smallTown } from '../helpers/fixtures.ts';

/** The small town with a Schriftführer: Gustav Gast, secretary of the Finanzausschuss. */
export function townWithSecretary() {
  const data = smallTown();
  data.memberships = [
    ...(data.memberships ?? []),
    { person: 'g', organization: 'fa', term: 't', role: 'secretary', votingRight: false },
  ];
  return data;
}
