import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ComponentType } from "react";
import { ApiError, api, onSessionLost, post, setCsrfToken } from "./api.js";
import { I18nProvider, useI18n } from "./i18n.js";
import type { OccupiedLabelStyle } from "../domain/vocabulary/regions.js";
import { Link, match, navigate, useLocation } from "./router.js";
import { LanguageSwitcher } from "./components/LanguageSwitcher.js";
import { SignIn } from "./screens/SignIn.js";
import { Setup } from "./screens/Setup.js";
import { Dashboard } from "./screens/Dashboard.js";
import { facilitiesUrl, listsUrl, listUrl, PEOPLE_PAGE, reportUrl, statsUrl, versionPageUrl } from "./firstReads.js";
import type { ListDetail } from "./listTypes.js";
import { firstScreenLoaded, prefetch, setFirstScreen, takePrefetched } from "./prefetch.js";

// Screens past the first one are loaded when first opened (one chunk each, shared code in common chunks): the
// sign-in page and the dashboard do not wait for the list builder, the importer or the officials' screens.
// A screen whose chunk has been preloaded (`preloadRoute`) renders at once: its lazy wrapper is handed the loaded
// module synchronously, so nothing suspends — a suspended screen is shown no sooner than 300 ms after its
// "loading" fallback (React's reveal throttle), which is what the first screen used to wait.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each screen keeps its own props type (M[K])
function screen<M extends Record<K, ComponentType<any>>, K extends keyof M>(load: () => Promise<M>, name: K) {
  let loaded: { default: M[K] } | null = null;
  let loading: Promise<{ default: M[K] }> | null = null;
  const preload = () => (loading ??= load().then((m) => (loaded = { default: m[name] })));
  const Screen = lazy(() => (loaded ? syncThenable(loaded) : preload()));
  return Object.assign(Screen, { preload });
}
/** A thenable that calls back at once: React.lazy reads it without suspending. */
function syncThenable<T>(value: T): Promise<T> {
  return { then: (ok: (v: T) => unknown) => (ok(value), syncThenable(value)) } as unknown as Promise<T>;
}
const Search = screen(() => import("./screens/Search.js"), "Search");
const PersonPage = screen(() => import("./screens/Person.js"), "PersonPage");
const PersonEdit = screen(() => import("./screens/PersonEdit.js"), "PersonEdit");
const PersonRecords = screen(() => import("./screens/PersonRecords.js"), "PersonRecords");
const MyWork = screen(() => import("./screens/MyWork.js"), "MyWork");
const CaseEdit = screen(() => import("./screens/CaseEdit.js"), "CaseEdit");
const Triage = screen(() => import("./screens/Triage.js"), "Triage");
const Lists = screen(() => import("./screens/Lists.js"), "Lists");
const ListBuilder = screen(() => import("./screens/ListBuilder.js"), "ListBuilder");
const Reconciliation = screen(() => import("./screens/Reconciliation.js"), "Reconciliation");
const Import = screen(() => import("./screens/Import.js"), "Import");
const Duplicates = screen(() => import("./screens/Duplicates.js"), "Duplicates");
const Merge = screen(() => import("./screens/Merge.js"), "Merge");
const Users = screen(() => import("./screens/Users.js"), "Users");
const Officials = screen(() => import("./screens/Officials.js"), "Officials");
const OfficialPage = screen(() => import("./screens/Official.js"), "OfficialPage");
const OfficialEdit = screen(() => import("./screens/OfficialEdit.js"), "OfficialEdit");
const OfficialProposals = screen(() => import("./screens/OfficialProposals.js"), "OfficialProposals");

/**
 * Route-level loading for the first screen of a page load: its chunk and its first reads start together with the
 * session's (`/auth/me`), before anything renders, instead of each after the one before (prefetch.ts).
 */
export function preloadRoute(path: string, query: URLSearchParams): void {
  prefetch("/api/v1/auth/me");
  prefetch("/api/v1/organisation/settings");
  let m: Record<string, string> | null;
  if (path === "/" || path === "/dashboard") prefetch(statsUrl);
  else if (path === "/people") {
    setFirstScreen(Search.preload());
    prefetch(facilitiesUrl);
    prefetch(listsUrl);
    // With filters in the address the screen builds its own query; the plain list is the common first visit.
    if (![...query.keys()].length) prefetch(`/api/v1/people?limit=${PEOPLE_PAGE}`);
  } else if (path === "/reconciliation") {
    setFirstScreen(Reconciliation.preload());
    prefetch(listsUrl);
    const list = query.get("list");
    if (list) prefetch(reportUrl(list));
  } else if (path === "/lists") setFirstScreen(Lists.preload());
  else if ((m = match("/lists/:id", path))) {
    setFirstScreen(ListBuilder.preload());
    const id = m.id!;
    // The first page of rows needs the current version's number: asked as soon as the list's header is here.
    prefetch<ListDetail>(listUrl(id)).then(
      (l) => void prefetch(versionPageUrl(id, l.currentVersion, "all", 0)),
      () => undefined,
    );
  }
}

export interface Me {
  id: string;
  email: string;
  role: string;
}

export function App() {
  return (
    <I18nProvider>
      <Shell />
    </I18nProvider>
  );
}

function Shell() {
  const { t, setRegionStyle } = useI18n();
  const loc = useLocation();
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const loadMe = useCallback(async () => {
    try {
      // Started by the entry (preloadRoute) on a page load, with the first screen's chunk, which is waited for
      // here so that the screen shows at once rather than through a "loading" fallback.
      const [r] = await Promise.all([takePrefetched<{ user: Me; csrfToken: string }>("/api/v1/auth/me") ?? api<{ user: Me; csrfToken: string }>("GET", "/api/v1/auth/me", undefined, { quiet401: true }), firstScreenLoaded()]);
      setCsrfToken(r.csrfToken);
      setMe(r.user);
      // How occupied Ukrainian subdivisions are labelled is the organisation's choice (admins set it under Accounts).
      const settings = takePrefetched<{ occupiedLabel: OccupiedLabelStyle }>("/api/v1/organisation/settings");
      void (settings ? settings.catch(() => api<{ occupiedLabel: OccupiedLabelStyle }>("GET", "/api/v1/organisation/settings", undefined, { quiet401: true })) : api<{ occupiedLabel: OccupiedLabelStyle }>("GET", "/api/v1/organisation/settings", undefined, { quiet401: true })).then(
        (s) => setRegionStyle(s.occupiedLabel),
        () => undefined,
      );
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setMe(null);
      else setMe(null);
    }
  }, [setRegionStyle]);

  // A session that expires while someone works: sign in again over the screen (nothing typed is unmounted), then the
  // request that failed is sent again. Requests failing together wait for the same sign-in.
  const [reauth, setReauth] = useState<{ promise: Promise<boolean>; resolve: (ok: boolean) => void } | null>(null);
  const reauthRef = useRef(reauth);
  reauthRef.current = reauth;
  const meRef = useRef(me);
  meRef.current = me;
  useEffect(() => {
    void loadMe();
    onSessionLost(() => {
      if (!meRef.current) return Promise.resolve(false);
      if (reauthRef.current) return reauthRef.current.promise;
      let resolve!: (ok: boolean) => void;
      const promise = new Promise<boolean>((r) => (resolve = r));
      const next = { promise, resolve };
      reauthRef.current = next;
      setReauth(next);
      return promise;
    });
  }, [loadMe]);

  // The first admin's link (/setup) and invitations (/invite) carry the one-time token in the fragment.
  if (loc.path === "/setup" || loc.path === "/invite") return <Frame me={null}><Setup onDone={() => navigate("/sign-in", true)} /></Frame>;
  if (me === undefined) return <p className="loading" role="status">{t("web.loading")}</p>;
  if (me === null)
    return (
      <Frame me={null}>
        <SignIn
          onSignedIn={() => {
            // After the set-up or an invitation the address is /sign-in: the signed-in user lands on the dashboard.
            if (ENTRY_PATHS.has(loc.path)) navigate("/", true);
            void loadMe();
          }}
        />
      </Frame>
    );

  const signOut = async () => {
    await post("/api/v1/auth/sign-out").catch(() => undefined);
    setCsrfToken(null);
    setMe(null);
    navigate("/", true);
  };

  return (
    <Frame me={me} onSignOut={signOut}>
      <Suspense fallback={<p className="loading" role="status">{t("web.loading")}</p>}>
        <Route me={me} path={loc.path} query={loc.query} />
      </Suspense>
      {reauth && (
        <div className="reauth" role="dialog" aria-modal="true" aria-labelledby="reauth-title">
          <div className="reauth-box">
            <h2 id="reauth-title">{t("web.session.expired")}</h2>
            <p className="muted small">{t("web.session.keepWork")}</p>
            <SignIn
              onSignedIn={async () => {
                await loadMe();
                reauth.resolve(true);
                reauthRef.current = null;
                setReauth(null);
              }}
            />
          </div>
        </div>
      )}
    </Frame>
  );
}

/** Paths that only lead to signing in; once signed in, they show the dashboard. */
const ENTRY_PATHS = new Set(["/sign-in", "/setup", "/invite"]);

function Route({ me, path, query }: { me: Me; path: string; query: URLSearchParams }) {
  const { t } = useI18n();
  let m: Record<string, string> | null;
  if (path === "/" || path === "/dashboard" || ENTRY_PATHS.has(path)) return <Dashboard />;
  if (path === "/people") return <Search role={me.role} />;
  if (path === "/my-work") return <MyWork role={me.role} />;
  if ((m = match("/people/new", path))) return <PersonEdit id={null} role={me.role} />;
  if ((m = match("/people/:id", path))) return <PersonPage id={m.id!} me={me} />;
  if ((m = match("/people/:id/edit", path))) return <PersonEdit id={m.id!} role={me.role} />;
  if ((m = match("/people/:id/records", path))) return <PersonRecords id={m.id!} role={me.role} />;
  if ((m = match("/people/:id/cases/new", path))) return <CaseEdit personId={m.id!} caseId={null} />;
  if ((m = match("/people/:id/cases/:caseId", path))) return <CaseEdit personId={m.id!} caseId={m.caseId!} />;
  if (path === "/appeals") return <Triage />;
  if (path === "/lists") return <Lists />;
  if ((m = match("/lists/:id", path))) return <ListBuilder id={m.id!} role={me.role} />;
  if (path === "/reconciliation") return <Reconciliation />;
  if (path === "/import") return <Import />;
  if (path === "/duplicates") return <Duplicates />;
  if (path === "/merge") return <Merge survivorId={query.get("survivor") ?? ""} mergedId={query.get("merged") ?? ""} />;
  if (path === "/officials") return <Officials role={me.role} />;
  if (path === "/officials/new") return <OfficialEdit id={null} />;
  if (path === "/officials/proposals") return <OfficialProposals />;
  if ((m = match("/officials/:id", path))) return <OfficialPage id={m.id!} role={me.role} />;
  if ((m = match("/officials/:id/edit", path))) return <OfficialEdit id={m.id!} />;
  if (path === "/users" && me.role === "admin") return <Users />;
  return (
    <section>
      <h1>{t("web.notFound.title")}</h1>
      <p>
        <Link to="/">{t("web.nav.dashboard")}</Link>
      </p>
    </section>
  );
}

function Frame({ me, onSignOut, children }: { me: Me | null; onSignOut?: () => void; children: React.ReactNode }) {
  const { t } = useI18n();
  const loc = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [loc.path]);
  // Mirrors src/services/policy.ts: lawyers and volunteers do not list appeals, lists or reconciliations, so those
  // screens are not offered to them (the API would refuse anyway).
  const staffRole = me ? ["admin", "coordinator", "researcher"].includes(me.role) : false;
  const nav: { to: string; key: Parameters<typeof t>[0] }[] = [
    { to: "/", key: "web.nav.dashboard" },
    { to: "/my-work", key: "web.nav.myWork" as const },
    { to: "/people", key: "web.nav.people" },
    { to: "/officials", key: "web.nav.officials" as const },
    ...(staffRole
      ? [
          { to: "/appeals", key: "web.nav.appeals" as const },
          { to: "/lists", key: "web.nav.lists" as const },
          { to: "/reconciliation", key: "web.nav.reconciliation" as const },
          { to: "/import", key: "web.nav.import" as const },
          { to: "/duplicates", key: "web.nav.duplicates" as const },
        ]
      : []),
    ...(me?.role === "admin" ? [{ to: "/users", key: "web.nav.users" as const }] : []),
  ];

  const current = (to: string) => (to === "/" ? loc.path === "/" : loc.path.startsWith(to));
  return (
    <>
      <a className="skip" href="#main">
        {t("web.skipToContent")}
      </a>
      <header className="top">
        <Link to="/" className="brand">
          allforall
        </Link>
        {me && (
          <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen(!menuOpen)}>
            {t("web.nav.menu")}
          </button>
        )}
        {me && (
          <nav id="main-nav" aria-label={t("web.nav.label")} className={menuOpen ? "open" : ""}>
            <ul>
              {nav.map((n) => (
                <li key={n.to}>
                  <Link to={n.to} aria-current={current(n.to) ? "page" : undefined}>
                    {t(n.key)}
                  </Link>
                </li>
              ))}
              {/* On a phone the header keeps one row: who is signed in moves into the folded menu. */}
              <li className="who-phone">
                {t(`web.role.${me.role}` as Parameters<typeof t>[0])}: {me.email}
              </li>
            </ul>
          </nav>
        )}
        <div className="top-right">
          <LanguageSwitcher />
          {me && (
            <>
              <span className="who" title={me.email}>
                {me.email} · {t(`web.role.${me.role}` as Parameters<typeof t>[0])}
              </span>
              <button type="button" className="link" onClick={onSignOut}>
                {t("web.signOut")}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
