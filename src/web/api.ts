// The staff app's one door to the server: JSON in and out, the session cookie, and the CSRF header on writes.

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    /** The whole answer (e.g. the candidates of a probableDuplicate refusal). */
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
  }
  /** The API does not exist on this server (yet) or this role may not use it: the UI hides the section. */
  get unavailable(): boolean {
    return this.status === 404 || this.status === 403 || this.status === 405;
  }
}

let csrfToken: string | null = null;
const sessionEnded: (() => void)[] = [];
/** The session's token (null: signed out). A session that ends, or gives way to another, tells `onSessionEnded`. */
export function setCsrfToken(t: string | null): void {
  const ended = csrfToken !== null && csrfToken !== t;
  csrfToken = t;
  if (ended) for (const fn of sessionEnded) fn();
}
/** Called when the signed-in session ends (sign-out, or another sign-in): what was read for it is not shown again. */
export function onSessionEnded(fn: () => void): void {
  sessionEnded.push(fn);
}

// The UI language, sent as Accept-Language so the server's messages (errors, validation) come in it too.
let language = "en";
export function setApiLanguage(locale: string): void {
  language = locale;
}

let onUnauthenticated: (() => Promise<boolean>) | null = null;
/**
 * Called when a request answers 401 (the session expired): the app asks the person to sign in again in place, over
 * the screen they were on, and resolves true once they have; the request is then sent again, so a typed edit is saved.
 */
export function onSessionLost(fn: () => Promise<boolean>): void {
  onUnauthenticated = fn;
}

export async function api<T>(method: string, url: string, body?: unknown, opts: { quiet401?: boolean; retried?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", "accept-language": language };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  const res = await fetch(url, { method, headers, credentials: "same-origin", ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { message: text };
  }
  if (!res.ok) {
    const d = (data ?? {}) as { error?: string; message?: string; issues?: FieldIssue[] };
    if (res.status === 401 && !opts.quiet401 && !opts.retried && onUnauthenticated && (await onUnauthenticated())) return api<T>(method, url, body, { ...opts, retried: true });
    throw new ApiError(res.status, d.error ?? "error", d.message ?? res.statusText, d.issues ?? [], (data ?? {}) as Record<string, unknown>);
  }
  return data as T;
}

export const get = <T>(url: string) => api<T>("GET", url);
export const post = <T>(url: string, body: unknown = {}) => api<T>("POST", url, body);
export const patch = <T>(url: string, body: unknown) => api<T>("PATCH", url, body);

/** Query string from an object, leaving out empty values. */
export function qs(params: Record<string, string | number | undefined | null | string[]>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "") continue;
    if (Array.isArray(v)) {
      if (v.length) u.set(k, v.join(","));
    } else u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : "";
}

/** Field errors by path ("primaryName", "articles.0.article") for showing beside inputs. */
export function issuesByPath(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (e instanceof ApiError) for (const i of e.issues) out[i.path] ??= i.message;
  return out;
}

/** Downloads a file from a GET endpoint through the session (for exports). */
export async function download(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url, { credentials: "same-origin", headers: { "accept-language": language } });
  if (!res.ok) throw new ApiError(res.status, "error", res.statusText);
  const blob = await res.blob();
  const cd = res.headers.get("content-disposition") ?? "";
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = fileNameOf(cd) ?? fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/**
 * The file name a Content-Disposition header gives: the UTF-8 `filename*` (RFC 6266/5987) when present — a list named
 * in Cyrillic has only underscores in the ASCII `filename` fallback — else the plain `filename`.
 */
export function fileNameOf(contentDisposition: string): string | null {
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)'[^']*'([^;]+)/.exec(contentDisposition)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      /* a malformed escape: fall back to the plain name */
    }
  }
  return /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(contentDisposition)?.slice(1).find((x) => x !== undefined)?.trim() ?? null;
}

/** POST with upload progress (0..1, then null while the server works), for large files such as an import. */
export function postWithProgress<T>(url: string, body: unknown, onProgress: (fraction: number | null) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("accept", "application/json");
    xhr.setRequestHeader("accept-language", language);
    xhr.setRequestHeader("content-type", "application/json");
    if (csrfToken) xhr.setRequestHeader("x-csrf-token", csrfToken);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => onProgress(e.lengthComputable ? e.loaded / e.total : null);
    xhr.upload.onload = () => onProgress(null);
    xhr.onerror = () => reject(new ApiError(0, "network", "network error"));
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        data = { message: xhr.responseText };
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as T);
      const d = (data ?? {}) as { error?: string; message?: string; issues?: FieldIssue[] };
      if (xhr.status === 401 && onUnauthenticated) onUnauthenticated();
      reject(new ApiError(xhr.status, d.error ?? "error", d.message ?? xhr.statusText, d.issues ?? []));
    };
    xhr.send(JSON.stringify(body));
  });
}
