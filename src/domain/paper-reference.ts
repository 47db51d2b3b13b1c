/**
 * Paper reference numbers (Vorlagennummern): office / number / year, e.g. "10/002/2021" — office 10,
 * the second paper of that office in 2021. Numbers are allocated per office and year.
 */
export interface PaperReference {
  office: string;
  number: number;
  year: number;
}

/** Zero-padded to three digits ("002"); wider numbers are printed as they are ("1234"). */
export function formatPaperReference(ref: PaperReference): string {
  return `${ref.office}/${String(ref.number).padStart(3, '0')}/${ref.year}`;
}

/** Parses "10/002/2021"; undefined when the text is not a reference. */
export function parsePaperReference(text: string): PaperReference | undefined {
  const match = /^\s*([0-9A-Za-z.-]+)\/(\d{1,6})\/(\d{4})\s*$/.exec(text);
  if (!match) return undefined;
  const number = Number(match[2]);
  if (number < 1) return undefined;
  return { office: match[1] as string, number, year: Number(match[3]) };
}
