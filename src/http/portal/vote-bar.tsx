/**
 * A vote result as a picture: one horizontal bar split into yes / no / abstain, rendered on the server
 * as inline SVG, with the numbers as its text alternative (and printed beside it).
 */
import type { AgendaItemRecord } from '../../db/repositories/meetings.ts';
import { StackedBar } from './stacked-bar.tsx';

type Vote = AgendaItemRecord['votes'][number];

const WIDTH = 240;
const HEIGHT = 14;
// Colours with at least 3:1 contrast against white (WCAG 1.4.11, non-text contrast).
const COLOURS = { yes: '#1b7a3a', no: '#b3261e', abstain: '#6b6b6b' } as const;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "17 Ja, 0 Nein, 1 Enthaltung" */
export function voteCountsText(vote: Pick<Vote, 'yes' | 'no' | 'abstain'>): string {
  return `${vote.yes ?? 0} Ja, ${vote.no ?? 0} Nein, ${plural(vote.abstain ?? 0, 'Enthaltung', 'Enthaltungen')}`;
}

/** The bar, or nothing when the vote has no counts (a Kenntnisnahme, or "einstimmig" without numbers). */
export function VoteBar(props: { vote: Vote }) {
  const { vote } = props;
  if (vote.yes == null && vote.no == null && vote.abstain == null) return null;
  return (
    <StackedBar
      class="vote-bar"
      label={`Abstimmungsergebnis: ${voteCountsText(vote)}`}
      width={WIDTH}
      height={HEIGHT}
      segments={[
        { value: vote.yes ?? 0, colour: COLOURS.yes },
        { value: vote.no ?? 0, colour: COLOURS.no },
        { value: vote.abstain ?? 0, colour: COLOURS.abstain },
      ]}
    />
  );
}
