/** A plain table for a terminal: a header, columns padded to their widest cell, numbers right-aligned. */
export interface Column<T> {
  header: string;
  value: (row: T) => string;
  align?: "left" | "right";
}

export function table<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const cells = rows.map((row) => columns.map((column) => clean(column.value(row))));
  const widths = columns.map((column, c) =>
    Math.max(column.header.length, ...cells.map((line) => [...(line[c] ?? "")].length)),
  );
  const render = (line: readonly string[]) =>
    line
      .map((text, c) => {
        const pad = " ".repeat((widths[c] ?? 0) - [...text].length);
        return columns[c]?.align === "right" ? pad + text : text + pad;
      })
      .join("  ")
      .trimEnd();
  return [render(columns.map((column) => column.header)), ...cells.map(render)].join("\n");
}

/** Control characters from a server would move the cursor or recolour the terminal: shown escaped. */
export function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters to escape are control characters.
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** 1536 -> "1.5 KiB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
