// A one-line progress bar on a terminal; silent when stderr is not a TTY (CI logs, pipes).
export function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update(rows: number, fraction: number | null) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && fraction !== 1) return;
      last = now;
      const width = 30;
      const bar = fraction === null ? "" : `[${"#".repeat(Math.round(fraction * width)).padEnd(width, " ")}] ${Math.round(fraction * 100)}% `;
      process.stderr.write(`\r${label} ${bar}${rows.toLocaleString("en")} rows`);
    },
    done() {
      if (tty) process.stderr.write("\n");
    },
  };
}
