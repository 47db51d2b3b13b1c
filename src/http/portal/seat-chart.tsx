/**
 * The seat distribution of a council or committee by faction: one stacked horizontal bar, rendered on the
 * server as inline SVG, the numbers as its text alternative (and as a table beside it on the page).
 */

import { StackedBar } from './stacked-bar.tsx';

export interface SeatShare {
  label: string;
  seats: number;
  factionId: number | null;
}

const WIDTH = 480;
const HEIGHT = 24;
// Neutral, mutually distinct colours, each with at least 3:1 contrast against white (WCAG 1.4.11);
// segments are separated by a white gap. Seats without a faction are grey.
const PALETTE = ['#0b4f8a', '#1b7a3a', '#8a4b08', '#6a3d9a', '#a4000f', '#00636b', '#5c5c00', '#8a1f5c'] as const;
const NO_FACTION = '#6b6b6b';

/** "Sitzverteilung: CDU 1, GRÜNE 1, ohne Fraktionsangabe 15" */
export function seatChartLabel(shares: SeatShare[]): string {
  return `Sitzverteilung: ${shares.map((s) => `${s.label} ${s.seats}`).join(', ')}`;
}

export function seatColour(shares: SeatShare[], index: number): string {
  const share = shares[index];
  if (!share || share.factionId === null) return NO_FACTION;
  const factionIndex = shares.slice(0, index).filter((s) => s.factionId !== null).length;
  return PALETTE[factionIndex % PALETTE.length] ?? NO_FACTION;
}

export function SeatChart(props: { shares: SeatShare[] }) {
  const { shares } = props;
  return (
    <StackedBar
      class="seat-chart"
      label={seatChartLabel(shares)}
      width={WIDTH}
      height={HEIGHT}
      separated
      segments={shares.map((share, index) => ({ value: share.seats, colour: seatColour(shares, index) }))}
    />
  );
}
