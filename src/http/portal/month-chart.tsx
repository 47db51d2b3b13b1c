/**
 * Meetings per month of one year: twelve vertical bars, rendered on the server as inline SVG, the numbers
 * as its text alternative (`aria-label` and `<title>`) and as a table beside it on the page
 * (`MonthTable`). Same conventions as the stacked bars (stacked-bar.tsx, seat-chart.tsx).
 */

export const MONTH_NAMES = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
] as const;

const WIDTH = 480;
const HEIGHT = 180;
/** Room above the bars for the numbers, below them for the month names. */
const TOP = 18;
const BOTTOM = 22;
const SLOT = WIDTH / 12;
const BAR = Math.round(SLOT * 0.6);
// The first colour of the seat chart's palette: at least 3:1 contrast against white (WCAG 1.4.11).
const BAR_COLOUR = '#0b4f8a';
const TEXT_COLOUR = '#1a1a1a';

/** "Sitzungen je Monat 2024: Januar 0, Februar 1, …, Dezember 2" */
export function monthChartLabel(year: number, counts: readonly number[]): string {
  return `Sitzungen je Monat ${year}: ${MONTH_NAMES.map((name, i) => `${name} ${counts[i] ?? 0}`).join(', ')}`;
}

export function MonthChart(props: { year: number; counts: readonly number[] }) {
  const { year, counts } = props;
  const max = Math.max(1, ...counts);
  const plot = HEIGHT - TOP - BOTTOM;
  const label = monthChartLabel(year, counts);
  return (
    <svg
      class="month-chart"
      role="img"
      aria-label={label}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      style="max-width: 100%; height: auto"
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{label}</title>
      {MONTH_NAMES.map((name, i) => {
        const value = counts[i] ?? 0;
        const height = (value / max) * plot;
        const x = i * SLOT + (SLOT - BAR) / 2;
        const y = TOP + plot - height;
        const centre = (i * SLOT + SLOT / 2).toFixed(2);
        return (
          <>
            {value > 0 ? (
              <rect x={x.toFixed(2)} y={y.toFixed(2)} width={BAR} height={height.toFixed(2)} fill={BAR_COLOUR} />
            ) : null}
            <text x={centre} y={(y - 4).toFixed(2)} text-anchor="middle" font-size="12" fill={TEXT_COLOUR}>
              {value}
            </text>
            <text x={centre} y={HEIGHT - 6} text-anchor="middle" font-size="12" fill={TEXT_COLOUR}>
              {name.slice(0, 3)}
            </text>
          </>
        );
      })}
      <line x1="0" y1={TOP + plot} x2={WIDTH} y2={TOP + plot} stroke={TEXT_COLOUR} stroke-width="1" />
    </svg>
  );
}

/** The chart's numbers as a table; each month links to its month view when `monthHref` is given. */
export function MonthTable(props: {
  year: number;
  counts: readonly number[];
  caption: string;
  monthHref?: (month: number) => string;
}) {
  const total = props.counts.reduce((sum, n) => sum + n, 0);
  return (
    <table class="month-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Monat</th>
          <th scope="col">Sitzungen</th>
        </tr>
      </thead>
      <tbody>
        {MONTH_NAMES.map((name, i) => (
          <tr>
            <th scope="row">
              {props.monthHref ? (
                <a href={props.monthHref(i + 1)}>
                  {name} {props.year}
                </a>
              ) : (
                `${name} ${props.year}`
              )}
            </th>
            <td>{props.counts[i] ?? 0}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Zusammen</th>
          <td>{total}</td>
        </tr>
      </tfoot>
    </table>
  );
}
