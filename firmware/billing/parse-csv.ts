// RFC 4180 CSV read back: quoted fields (doubled quotes, line breaks inside), CRLF or LF line
// ends, a UTF-8 byte-order mark (spreadsheets add one) ignored. A leading apostrophe that the
// export put before a formula-like cell ("'+86") is taken off again (firmware/cdr/csv.ts).

const DEFUSED = /^'[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;

/** The rows of `text`, each a list of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endField = () => {
    row.push(DEFUSED.test(field) ? field.slice(1) : field);
    field = "";
  };
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") endField();
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endField();
      rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== "" || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}
