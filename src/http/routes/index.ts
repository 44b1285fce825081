import type { AnyRoute } from "../route.js";
import { accountSecurityRoutes } from "./accountSecurity.js";
import { apiTokenRoutes } from "./apiTokens.js";
import { appealRoutes } from "./appeals.js";
import { dataProtectionRoutes } from "./dataProtection.js";
import { assessmentRoutes } from "./assessment.js";
import { authRoutes } from "./auth.js";
import { importRoutes } from "./imports.js";
import { listRoutes } from "./lists.js";
import { myWorkRoutes } from "./myWork.js";
import { organisationRoutes } from "./organisation.js";
import { officialRoutes } from "./officials.js";
import { publicOfficialRoutes } from "./publicOfficials.js";
import { peopleRoutes } from "./people.js";
import { personRecordRoutes } from "./personRecords.js";
import { publicRoutes } from "./public.js";
import { reconciliationRoutes } from "./reconciliations.js";
import { searchRoutes } from "./search.js";
import { systemRoutes } from "./system.js";

// The one table of every route the server answers. Each module adds its array here.
export function allRoutes(): AnyRoute[] {
  return [...systemRoutes(allRoutes), ...authRoutes, ...accountSecurityRoutes, ...apiTokenRoutes, ...dataProtectionRoutes, ...peopleRoutes, ...personRecordRoutes, ...myWorkRoutes, ...organisationRoutes, ...searchRoutes, ...assessmentRoutes, ...listRoutes, ...publicRoutes, ...appealRoutes, ...reconciliationRoutes, ...importRoutes, ...officialRoutes, ...publicOfficialRoutes];
}
