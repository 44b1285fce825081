// The first GET of each long screen, in one place: the screens read these, and the entry starts them before the
import { qs } from "./api.js";

// screen mounts (App.tsx, `preloadRoute`) — an address built twice differently would be read twice.

/** Rows a page of the people list. */
export const PEOPLE_PAGE = 50;
/** Rows a page of each section of a reconciliation's report (six sections of 100 came to ~4,400 elements). */
export const REPORT_PAGE = 50;
/** Rows a page of a list version. */
export const ROWS_PAGE = 100;

export const listsUrl = "/api/v1/lists";
export const facilitiesUrl = "/api/v1/facilities";
export const statsUrl = "/api/v1/stats";
export const reportUrl = (listId: string) => `/api/v1/lists/${listId}/report?limit=${REPORT_PAGE}`;
export const listUrl = (listId: string) => `/api/v1/lists/${listId}`;
export const versionPageUrl = (listId: string, version: number, show: string, offset: number) => `/api/v1/lists/${listId}/versions/${version}${qs({ show, offset, limit: ROWS_PAGE })}`;
