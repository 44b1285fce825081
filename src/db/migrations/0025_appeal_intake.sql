CREATE TABLE "form_token_use" (
	"nonce_hash" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "held_appeal" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"held_hour" timestamp with time zone NOT NULL,
	"status_hash" text,
	"message_key" text,
	"payload_enc" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_count" (
	"key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rate_count_key_window_start_pk" PRIMARY KEY("key","window_start")
);
--> statement-breakpoint
DROP INDEX "appeal_form_nonce_uq";--> statement-breakpoint
ALTER TABLE "held_appeal" ADD CONSTRAINT "held_appeal_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "form_token_use_expires_idx" ON "form_token_use" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "held_appeal_org_hour_idx" ON "held_appeal" USING btree ("organisation_id","held_hour");--> statement-breakpoint
CREATE UNIQUE INDEX "held_appeal_status_hash_uq" ON "held_appeal" USING btree ("status_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "held_appeal_org_message_key_uq" ON "held_appeal" USING btree ("organisation_id","message_key");--> statement-breakpoint
CREATE INDEX "rate_count_window_end_idx" ON "rate_count" USING btree ("window_end");--> statement-breakpoint
ALTER TABLE "appeal" DROP COLUMN "form_nonce";