// Reads a bulk refund file as the CLI does (docs/BULK.md, "The CSV format"): UTF-8 with or
// without a BOM, one header line, quoted cells that may hold commas, quotes ("") and line
// breaks, empty lines skipped. A column named twice, an unclosed quote, or a record with
// another number of cells than the header makes the whole file malformed: nothing is sent.
// Each record keeps the line it starts on, for the messages.

export class MalformedCsv extends Error {
  constructor(message, line) {
    super(line ? `${message} (line ${line})` : message);
    this.name = "MalformedCsv";
    this.line = line;
  }
}

/** `{ header, rows: [{ line, record }] }`, record = column → text. Throws MalformedCsv. */
export function readCsv(text) {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records = [];
  let cells = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let touched = false; // the current record has a cell or a character
  const endCell = () => {
    cells.push(cell);
    cell = "";
  };
  const endRecord = () => {
    endCell();
    if (touched) records.push({ line: startLine, cells });
    cells = [];
    touched = false;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === "\n") line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (cell !== "") throw new MalformedCsv("a quote in the middle of an unquoted cell", line);
      quoted = true;
      touched = true;
    } else if (ch === ",") {
      endCell();
      touched = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      endRecord();
      line++;
      startLine = line;
    } else {
      if (!touched) startLine = line;
      cell += ch;
      touched = true;
    }
  }
  if (quoted) throw new MalformedCsv("a quoted cell is not closed", startLine);
  endRecord();
  if (records.length === 0) throw new MalformedCsv("the file is empty");
  const header = records[0].cells.map((c) => c.trim());
  const seen = new Set();
  for (const name of header) {
    if (seen.has(name)) throw new MalformedCsv(`column ${JSON.stringify(name)} appears twice in the header`, records[0].line);
    seen.add(name);
  }
  const rows = records.slice(1).map(({ line: at, cells: values }) => {
    if (values.length !== header.length) {
      throw new MalformedCsv(`${values.length} cells where the header has ${header.length}`, at);
    }
    return { line: at, record: Object.fromEntries(header.map((name, i) => [name, values[i]])) };
  });
  return { header, rows };
}

/** A cell for a results file: quoted when needed; a leading = + - @ is kept from running as a formula. */
export function csvCell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
