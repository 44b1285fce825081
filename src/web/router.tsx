import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from "react";

// A few screens need no router library: paths under /app/, the History API, and one event.
export const BASE = "/app";
const EVENT = "aff:navigate";

/** True for "/app" and "/app/…" — not for "/appeals", which is an app path that happens to start with "/app". */
const underBase = (p: string) => p === BASE || p.startsWith(`${BASE}/`);

export function navigate(to: string, replace = false): void {
  const url = underBase(to) ? to : `${BASE}${to}`;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  window.dispatchEvent(new Event(EVENT));
  window.scrollTo(0, 0);
}

export interface Location {
  path: string;
  query: URLSearchParams;
  hash: string;
}

export function currentLocation(): Location {
  const p = underBase(location.pathname) ? location.pathname.slice(BASE.length) : location.pathname;
  return { path: p === "" ? "/" : p, query: new URLSearchParams(location.search), hash: location.hash.slice(1) };
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(currentLocation);
  useEffect(() => {
    const on = () => setLoc(currentLocation());
    window.addEventListener("popstate", on);
    window.addEventListener(EVENT, on);
    return () => {
      window.removeEventListener("popstate", on);
      window.removeEventListener(EVENT, on);
    };
  }, []);
  return loc;
}

/** Matches "/people/:id" against a path; returns the params or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split("/").filter(Boolean);
  const b = path.split("/").filter(Boolean);
  if (a.length !== b.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.startsWith(":")) out[a[i]!.slice(1)] = decodeURIComponent(b[i]!);
    else if (a[i] !== b[i]) return null;
  }
  return out;
}

export function Link({ to, children, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const href = `${BASE}${to}`;
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    // Let the browser handle new-tab clicks.
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
