import { getOrganisationSettings, organisationSettingsInput, setOrganisationSettings } from "../../services/organisationSettings.js";
import { defineRoute, type AnyRoute } from "../route.js";

export const organisationRoutes: AnyRoute[] = [
  defineRoute({
    method: "GET",
    url: "/api/v1/organisation/settings",
    summary: "The organisation's display settings: occupiedLabel — how Crimea (UA-43), Sevastopol (UA-40) and the other occupied Ukrainian subdivisions are labelled: occupied | ukraine | plain",
    tag: "organisation",
    api: true,
    cacheBetweenWrites: true,
    permission: { action: "read", resource: "organisation" },
    handler: ({ ctx }) => getOrganisationSettings(ctx),
  }),
  defineRoute({
    method: "PUT",
    url: "/api/v1/organisation/settings",
    summary: "Change the display settings (admins); public pages and the staff app follow at once",
    tag: "organisation",
    api: true,
    permission: { action: "update", resource: "organisation" },
    body: organisationSettingsInput,
    handler: ({ ctx, body }) => setOrganisationSettings(ctx, body),
  }),
];
