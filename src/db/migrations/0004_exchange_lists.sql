CREATE TYPE "public"."exchange_list_kind" AS ENUM('own', 'counterpart');--> statement-breakpoint
CREATE TYPE "public"."exchange_list_status" AS ENUM('draft', 'frozen', 'signed_off', 'carried_out');--> statement-breakpoint
CREATE TABLE "exchange_list" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"purpose" text,
	"kind" "exchange_list_kind" DEFAULT 'own' NOT NULL,
	"status" "exchange_list_status" DEFAULT 'draft' NOT NULL,
	"categories" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"all_for_all" boolean DEFAULT false NOT NULL,
	"manual_adds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"manual_removes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"current_version" integer DEFAULT 0 NOT NULL,
	"frozen_version" integer,
	"compared_with_list_id" uuid,
	"source_file_name" text,
	"carried_out_on" date,
	"outcome_source" text,
	"outcome" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_list_row" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"person_id" uuid,
	"name_cyrillic" text,
	"name_latin" text,
	"birth_date" text,
	"articles" text,
	"facility" text,
	"sentence" text,
	"category" text,
	"status" text,
	"priority" real,
	"recognition" text,
	"eligible" boolean NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"received" jsonb,
	"match" jsonb
);
--> statement-breakpoint
CREATE TABLE "exchange_list_sign_off" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"user_label" text NOT NULL,
	"note" text,
	"signed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_list_version" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"list_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"row_count" integer NOT NULL,
	"eligible_count" integer NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_by_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exchange_list" ADD CONSTRAINT "exchange_list_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_list" ADD CONSTRAINT "exchange_list_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_list_row" ADD CONSTRAINT "exchange_list_row_version_id_exchange_list_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."exchange_list_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_list_row" ADD CONSTRAINT "exchange_list_row_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_list_sign_off" ADD CONSTRAINT "exchange_list_sign_off_version_id_exchange_list_version_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."exchange_list_version"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_list_sign_off" ADD CONSTRAINT "exchange_list_sign_off_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_list_version" ADD CONSTRAINT "exchange_list_version_list_id_exchange_list_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."exchange_list"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_list_version" ADD CONSTRAINT "exchange_list_version_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exchange_list_org_idx" ON "exchange_list" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "exchange_list_row_version_idx" ON "exchange_list_row" USING btree ("version_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_list_sign_off_uq" ON "exchange_list_sign_off" USING btree ("version_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_list_version_uq" ON "exchange_list_version" USING btree ("list_id","version");