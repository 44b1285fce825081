// A one-line progress bar on a terminal; silent when stderr is not a TTY (CI logs, pipes).
// ALLFORALL_PROGRESS=lines prints one line per update instead (scripts and the crash test read it).
export function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  const lines = process.env.ALLFORALL_PROGRESS === "lines";
  let last = 0;
  return {
    update(rows: number, fraction: number | null) {
      if (lines) {
        process.stderr.write(`progress rows=${rows}\n`);
        return;
      }
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
