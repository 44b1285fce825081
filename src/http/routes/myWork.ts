import { getMyWork } from "../../services/myWork.js";
import { defineRoute, type AnyRoute } from "../route.js";

export const myWorkRoutes: AnyRoute[] = [
  defineRoute({
    method: "GET",
    url: "/api/v1/my-work",
    summary: "What waits for the signed-in user: open appeals and people assigned to them, recognition assessments waiting for a second reviewer (not their own)",
    tag: "people",
    api: true,
    permission: "signedIn",
    handler: ({ ctx }) => getMyWork(ctx),
  }),
];
