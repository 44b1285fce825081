// Modules loaded on first use (ExcelJS, PDFKit, the mail libraries, shevchenko): importing them cost every server
// process CPU at start-up, before the person index could begin, and most processes never need them.

/**
 * `load` run on the first call and its promise kept for the next ones; a failed load is forgotten, so that the next
 * call tries again — a transient failure (out of file descriptors, say) would otherwise fail every later use until the
 * process restarts.
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((e: unknown) => {
      loading = null;
      throw e;
    }));
}
