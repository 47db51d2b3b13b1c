/**
 * A minimal, valid one-page PDF with lines of text (Helvetica, WinAnsiEncoding): small attachments
 * for the generated papers. Deterministic: no creation date, no random ids.
 */

const WIN_ANSI_EXTRA: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '–': 0x96,
  '—': 0x97,
};

/** Characters as WinAnsi bytes; what WinAnsi lacks becomes "?". */
function winAnsi(text: string): number[] {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 63;
    const extra = WIN_ANSI_EXTRA[ch];
    if (extra !== undefined) bytes.push(extra);
    else if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else bytes.push(63);
  }
  return bytes;
}

function pdfString(text: string): string {
  // Bytes as latin1 characters; ( ) \ escaped.
  return String.fromCharCode(...winAnsi(text)).replace(/[()\\]/g, (c) => `\\${c}`);
}

/** Wraps text at about `width` characters on spaces. */
export function wrap(text: string, width = 88): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + word.length + 1 > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** A PDF whose page shows `title` and then `lines` (at most about 60 lines fit). */
export function simplePdf(title: string, lines: readonly string[]): Uint8Array {
  const content = [
    'BT',
    '/F1 14 Tf',
    '56 790 Td',
    `(${pdfString(title)}) Tj`,
    '/F1 10 Tf',
    '0 -24 Td',
    '13 TL',
    ...lines.slice(0, 58).map((l) => `(${pdfString(l)}) '`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    `<< /Title (${pdfString(title)}) /Producer (Ratsinfo) >>`,
  ];
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Every character of `body` is a single byte (latin1).
  return new Uint8Array(Buffer.from(body, 'latin1'));
}
