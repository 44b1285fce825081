// What `serve` needs once its runtime is open: the HTTP app (Fastify, every route, the public site's pages) and the
// appeal channels (IMAP, SMTP, the Telegram bot). One module so that serve imports it in one go, while the database
// opens (src/cli/serverProcess.ts): ~0.6 s of the main thread's CPU at every start, which came before the database
// was even asked to open when serve imported it with everything else.
export { createServer } from "../server.js";
export { channelSettingsFromEnv, startAppealChannels, type ChannelSettings } from "../app/appealChannels.js";
export { issueSetupInvitation } from "../services/accounts.js";
export { resumeListBuilds } from "../services/lists/background.js";
