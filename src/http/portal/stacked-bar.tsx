/**
 * One horizontal bar split into segments proportional to their values, as inline SVG rendered on the
 * server, with its text alternative (`aria-label` and `<title>`). Used for vote results and seat
 * distributions; the page prints the same numbers as text beside it.
 */
export interface Segment {
  value: number;
  colour: string;
}

export function StackedBar(props: {
  segments: Segment[];
  /** The text alternative. */
  label: string;
  width: number;
  height: number;
  class: string;
  /** Draw a white line between segments (for many neighbouring colours). */
  separated?: boolean;
}) {
  const total = props.segments.reduce((sum, s) => sum + s.value, 0);
  if (total === 0) return null;
  let x = 0;
  return (
    <svg
      class={props.class}
      role="img"
      aria-label={props.label}
      width={props.width}
      height={props.height}
      viewBox={`0 0 ${props.width} ${props.height}`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{props.label}</title>
      {props.segments.map((segment) => {
        const width = (segment.value / total) * props.width;
        const rect =
          segment.value > 0 ? (
            <rect
              x={x.toFixed(2)}
              y="0"
              width={width.toFixed(2)}
              height={props.height}
              fill={segment.colour}
              {...(props.separated ? { stroke: '#fff', 'stroke-width': '1' } : {})}
            />
          ) : null;
        x += width;
        return rect;
      })}
    </svg>
  );
}
