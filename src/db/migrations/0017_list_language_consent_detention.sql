ALTER TABLE "exchange_list" ADD COLUMN "language" text DEFAULT 'ru' NOT NULL;--> statement-breakpoint
ALTER TABLE "exchange_list" ADD COLUMN "consent_override" jsonb;--> statement-breakpoint
ALTER TABLE "exchange_list_row" ADD COLUMN "detained_on" text;--> statement-breakpoint
ALTER TABLE "exchange_list_row" ADD COLUMN "exchange_consent" text;