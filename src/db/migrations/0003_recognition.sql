CREATE TYPE "public"."public_profile" AS ENUM('low', 'medium', 'high', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."recognition_outcome" AS ENUM('recognised', 'not_recognised', 'needs_more_information');--> statement-breakpoint
CREATE TABLE "priority_facts" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"minor_children" integer DEFAULT 0 NOT NULL,
	"other_dependants" integer DEFAULT 0 NOT NULL,
	"public_profile" "public_profile" DEFAULT 'unknown' NOT NULL,
	"conditions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "priority_weights_version" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"weights" jsonb NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recognition_assessment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"case_id" uuid,
	"author_id" uuid NOT NULL,
	"criteria" jsonb NOT NULL,
	"exclusions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"proposal" "recognition_outcome" NOT NULL,
	"summary" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recognition_decision" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"assessment_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"outcome" "recognition_outcome" NOT NULL,
	"reason" text NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"supersedes_seq" integer,
	"exclusions_acknowledged" boolean DEFAULT false NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "priority_facts" ADD CONSTRAINT "priority_facts_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priority_facts" ADD CONSTRAINT "priority_facts_updated_by_app_user_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priority_weights_version" ADD CONSTRAINT "priority_weights_version_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "priority_weights_version" ADD CONSTRAINT "priority_weights_version_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_assessment" ADD CONSTRAINT "recognition_assessment_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_assessment" ADD CONSTRAINT "recognition_assessment_case_id_criminal_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."criminal_case"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_assessment" ADD CONSTRAINT "recognition_assessment_author_id_app_user_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_decision" ADD CONSTRAINT "recognition_decision_assessment_id_recognition_assessment_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."recognition_assessment"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recognition_decision" ADD CONSTRAINT "recognition_decision_reviewer_id_app_user_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "priority_weights_version_uq" ON "priority_weights_version" USING btree ("organisation_id","version");--> statement-breakpoint
CREATE INDEX "recognition_assessment_person_idx" ON "recognition_assessment" USING btree ("person_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "recognition_decision_seq_uq" ON "recognition_decision" USING btree ("assessment_id","seq");