ALTER TABLE "criminal_case" ADD COLUMN "offence_on" date;--> statement-breakpoint
ALTER TABLE "criminal_case" ADD COLUMN "sentence_changes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "custody_period" ADD COLUMN "ban_on_leaving_home" boolean;--> statement-breakpoint
ALTER TABLE "person" ADD COLUMN "latin_name" text;