/**
 * `allforall telegram run`: the Telegram bot intake in the foreground (until Ctrl-C), for a host that runs the bot
 * apart from the web server. `serve` runs the same bot itself when ALLFORALL_TELEGRAM_TOKEN is set; with a shared
 * PostgreSQL only one of them polls (the leader lock), since Telegram serves a bot's updates to one poller.
 */
import type { Command } from "commander";
import { runTelegramBot } from "../../app/appealChannels.js";
import { telegramSettingsFromEnv } from "../../services/appeals/telegramBot.js";
import { fail, withRuntime } from "../shared.js";

export function registerTelegramCommands(program: Command): void {
  const telegram = program.command("telegram").description("The Telegram bot that takes appeals from families");
  telegram
    .command("run")
    .description("run the bot (ALLFORALL_TELEGRAM_TOKEN or _TOKEN_FILE from @BotFather; ALLFORALL_TELEGRAM_API for a local Bot API server) until stopped")
    .action(async (_opts: unknown, cmd: Command) => {
      let settings;
      try {
        settings = telegramSettingsFromEnv(process.env);
      } catch (e) {
        fail((e as Error).message);
      }
      if (!settings) fail("no bot token: set ALLFORALL_TELEGRAM_TOKEN (or ALLFORALL_TELEGRAM_TOKEN_FILE) to the token @BotFather gave");
      await withRuntime(cmd, async (rt) => {
        const stop = runTelegramBot(rt, settings);
        process.stderr.write("allforall: the Telegram bot is running; Ctrl-C stops it\n");
        await new Promise<void>((resolve) => {
          process.once("SIGINT", resolve);
          process.once("SIGTERM", resolve);
        });
        await stop();
      });
    });
}
