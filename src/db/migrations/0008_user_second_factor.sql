ALTER TABLE "app_user" ADD COLUMN "totp_pending_enc" text;--> statement-breakpoint
ALTER TABLE "app_user" ADD COLUMN "totp_last_step" integer;--> statement-breakpoint
ALTER TABLE "app_user" ADD COLUMN "recovery_code_hashes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "app_user" ADD COLUMN "failed_second_factors" integer DEFAULT 0 NOT NULL;