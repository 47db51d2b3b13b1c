/**
 * A vote result as a picture: one horizontal bar split into yes / no / abstain, rendered on the server
 * as inline SVG, with the numbers as its text alternative (and printed beside it).
 */
import type { AgendaItemRecord } from '../../db/repositories/meetings.ts';

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
  const counts = [
    ['yes', vote.yes ?? 0],
    ['no', vote.no ?? 0],
    ['abstain', vote.abstain ?? 0],
  ] as const;
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  let x = 0;
  const label = `Abstimmungsergebnis: ${voteCountsText(vote)}`;
  return (
    <svg
      class="vote-bar"
      role="img"
      aria-label={label}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{label}</title>
      {counts.map(([kind, n]) => {
        const width = (n / total) * WIDTH;
        const rect = <rect x={x.toFixed(2)} y="0" width={width.toFixed(2)} height={HEIGHT} fill={COLOURS[kind]} />;
        x += width;
        return n > 0 ? rect : null;
      })}
    </svg>
  );
}
