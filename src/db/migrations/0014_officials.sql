CREATE TYPE "public"."official_case_role_kind" AS ENUM('investigator', 'investigation_head', 'prosecutor', 'judge_first_instance', 'judge_appeal', 'judge_cassation', 'expert', 'colony_head', 'other');--> statement-breakpoint
CREATE TYPE "public"."official_link_proposal_status" AS ENUM('pending', 'accepted', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."public_body_kind" AS ENUM('court', 'investigative_committee', 'fsb', 'police', 'centre_e', 'prosecutor', 'penitentiary', 'expert_institution', 'other');--> statement-breakpoint
CREATE TABLE "official" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"primary_name" text NOT NULL,
	"name_latin" text,
	"birth_date" date,
	"notes" text,
	"private_enc" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "official_case_role" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"official_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"role" "official_case_role_kind" NOT NULL,
	"body_id" uuid,
	"from_date" date,
	"to_date" date,
	"note" text,
	"source_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "official_link_proposal" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"field" text NOT NULL,
	"text" text NOT NULL,
	"role" "official_case_role_kind" NOT NULL,
	"official_id" uuid,
	"score" real,
	"status" "official_link_proposal_status" DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "official_name" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"official_id" uuid NOT NULL,
	"name" text NOT NULL,
	"script" "script" NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "official_position" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"official_id" uuid NOT NULL,
	"body_id" uuid,
	"position" text NOT NULL,
	"rank" text,
	"region" text,
	"from_date" date,
	"to_date" date,
	"source_id" uuid
);
--> statement-breakpoint
CREATE TABLE "official_source" (
	"official_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "officials_setting" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"public_page" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "public_body" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"name_latin" text,
	"kind" "public_body_kind" DEFAULT 'other' NOT NULL,
	"region" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "official" ADD CONSTRAINT "official_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_case_role" ADD CONSTRAINT "official_case_role_official_id_official_id_fk" FOREIGN KEY ("official_id") REFERENCES "public"."official"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_case_role" ADD CONSTRAINT "official_case_role_case_id_criminal_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."criminal_case"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_case_role" ADD CONSTRAINT "official_case_role_body_id_public_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."public_body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_case_role" ADD CONSTRAINT "official_case_role_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_link_proposal" ADD CONSTRAINT "official_link_proposal_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_link_proposal" ADD CONSTRAINT "official_link_proposal_case_id_criminal_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."criminal_case"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_link_proposal" ADD CONSTRAINT "official_link_proposal_official_id_official_id_fk" FOREIGN KEY ("official_id") REFERENCES "public"."official"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_link_proposal" ADD CONSTRAINT "official_link_proposal_decided_by_app_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_name" ADD CONSTRAINT "official_name_official_id_official_id_fk" FOREIGN KEY ("official_id") REFERENCES "public"."official"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_position" ADD CONSTRAINT "official_position_official_id_official_id_fk" FOREIGN KEY ("official_id") REFERENCES "public"."official"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_position" ADD CONSTRAINT "official_position_body_id_public_body_id_fk" FOREIGN KEY ("body_id") REFERENCES "public"."public_body"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_position" ADD CONSTRAINT "official_position_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_source" ADD CONSTRAINT "official_source_official_id_official_id_fk" FOREIGN KEY ("official_id") REFERENCES "public"."official"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "official_source" ADD CONSTRAINT "official_source_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "officials_setting" ADD CONSTRAINT "officials_setting_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "public_body" ADD CONSTRAINT "public_body_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "official_case_role_uq" ON "official_case_role" USING btree ("official_id","case_id","role");--> statement-breakpoint
CREATE INDEX "official_case_role_case_idx" ON "official_case_role" USING btree ("case_id");--> statement-breakpoint
CREATE UNIQUE INDEX "official_link_proposal_uq" ON "official_link_proposal" USING btree ("case_id","field");--> statement-breakpoint
CREATE INDEX "official_link_proposal_org_idx" ON "official_link_proposal" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "official_name_official_idx" ON "official_name" USING btree ("official_id");--> statement-breakpoint
CREATE INDEX "official_position_official_idx" ON "official_position" USING btree ("official_id");--> statement-breakpoint
CREATE UNIQUE INDEX "official_source_uq" ON "official_source" USING btree ("official_id","source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "public_body_org_name_uq" ON "public_body" USING btree ("organisation_id","name");