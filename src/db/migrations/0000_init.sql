CREATE TYPE "public"."custody_kind" AS ENUM('sizo', 'house_arrest', 'ban_on_actions');--> statement-breakpoint
CREATE TYPE "public"."exchange_consent" AS ENUM('unknown', 'consents', 'refuses');--> statement-breakpoint
CREATE TYPE "public"."facility_kind" AS ENUM('colony', 'sizo', 'prison', 'colony_settlement', 'medical', 'temporary_detention', 'unofficial', 'other');--> statement-breakpoint
CREATE TYPE "public"."health_severity" AS ENUM('none', 'mild', 'moderate', 'severe', 'critical');--> statement-breakpoint
CREATE TYPE "public"."legal_code" AS ENUM('RU_CC', 'RU_CAO', 'UA_CC', 'other');--> statement-breakpoint
CREATE TYPE "public"."person_category" AS ENUM('ru_political_prisoner', 'ua_civilian_hostage', 'ua_pow', 'ua_serviceman_convicted', 'ru_persecuted_not_detained', 'held_in_ukraine', 'other');--> statement-breakpoint
CREATE TYPE "public"."person_status" AS ENUM('detained', 'under_investigation', 'on_trial', 'sentenced', 'in_transit', 'in_colony', 'released', 'exchanged', 'pardoned', 'deceased', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."publicity_consent" AS ENUM('none', 'anonymised', 'full');--> statement-breakpoint
CREATE TYPE "public"."reliability_grade" AS ENUM('A', 'B', 'C', 'D', 'E', 'F');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('admin', 'coordinator', 'researcher', 'lawyer', 'volunteer');--> statement-breakpoint
CREATE TYPE "public"."script" AS ENUM('cyrl', 'latn', 'other');--> statement-breakpoint
CREATE TYPE "public"."sentence_regime" AS ENUM('general', 'strict', 'special', 'colony_settlement', 'prison', 'educational');--> statement-breakpoint
CREATE TYPE "public"."sex" AS ENUM('male', 'female', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."source_kind" AS ENUM('url', 'document', 'person', 'court_record', 'media', 'other');--> statement-breakpoint
CREATE TABLE "audit_event" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"type" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"detail" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_article" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"code" "legal_code" DEFAULT 'RU_CC' NOT NULL,
	"article" text NOT NULL,
	"part" text,
	"paragraph" text
);
--> statement-breakpoint
CREATE TABLE "criminal_case" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"case_number" text,
	"investigating_body" text,
	"court" text,
	"judge" text,
	"prosecutor" text,
	"detained_on" date,
	"charged_on" date,
	"verdict_on" date,
	"appeal_on" date,
	"verdict" text,
	"sentence_years" integer,
	"sentence_months" integer,
	"sentence_days" integer,
	"regime" "sentence_regime",
	"regime_changed_on" date,
	"regime_changed_to" "sentence_regime",
	"fine_rub" bigint,
	"bans" text,
	"summary" text,
	"source_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "custody_history" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"facility_id" uuid NOT NULL,
	"from_date" date,
	"to_date" date,
	"source_id" uuid
);
--> statement-breakpoint
CREATE TABLE "custody_period" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" "custody_kind" NOT NULL,
	"from_date" date NOT NULL,
	"to_date" date
);
--> statement-breakpoint
CREATE TABLE "facility" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"name_latin" text,
	"kind" "facility_kind" DEFAULT 'other' NOT NULL,
	"region" text,
	"postal_address" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "facility_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "app_user" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"role" "user_role" NOT NULL,
	"password_hash" text,
	"totp_secret_enc" text,
	"active" boolean DEFAULT true NOT NULL,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisation_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "user_invitation" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" "user_role" NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "user_session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"second_factor_done" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consent_record" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"publicity" "publicity_consent",
	"exchange" "exchange_consent",
	"given_by" text,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text,
	"source_id" uuid
);
--> statement-breakpoint
CREATE TABLE "geneva_record" (
	"person_id" uuid PRIMARY KEY NOT NULL,
	"data_enc" text NOT NULL,
	"withheld_from_family" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "health_record" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"details_enc" text NOT NULL,
	"severity" "health_severity" NOT NULL,
	"prevents_serving" boolean DEFAULT false NOT NULL,
	"recorded_on" date,
	"source_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"external_id" text,
	"primary_name" text NOT NULL,
	"sex" "sex" DEFAULT 'unknown' NOT NULL,
	"birth_date" date,
	"birth_year" integer,
	"citizenship" text,
	"home_region" text,
	"category" "person_category" NOT NULL,
	"status" "person_status" DEFAULT 'unknown' NOT NULL,
	"status_since" date,
	"current_facility_id" uuid,
	"publicity_consent" "publicity_consent" DEFAULT 'none' NOT NULL,
	"exchange_consent" "exchange_consent" DEFAULT 'unknown' NOT NULL,
	"public_summary" text,
	"photo_url" text,
	"sentence_text" text,
	"is_demo" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_name" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"name" text NOT NULL,
	"script" "script" NOT NULL,
	"is_primary" boolean DEFAULT false NOT NULL,
	"source_id" uuid
);
--> statement-breakpoint
CREATE TABLE "person_source" (
	"person_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "rosfin_listing" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"listed" boolean NOT NULL,
	"listed_on" date,
	"delisted_on" date,
	"source_id" uuid
);
--> statement-breakpoint
CREATE TABLE "source" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" "source_kind" NOT NULL,
	"title" text NOT NULL,
	"url" text,
	"reliability" "reliability_grade" DEFAULT 'F' NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"status" "person_status" NOT NULL,
	"occurred_on" date,
	"note" text,
	"source_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_article" ADD CONSTRAINT "case_article_case_id_criminal_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."criminal_case"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criminal_case" ADD CONSTRAINT "criminal_case_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "criminal_case" ADD CONSTRAINT "criminal_case_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custody_history" ADD CONSTRAINT "custody_history_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custody_history" ADD CONSTRAINT "custody_history_facility_id_facility_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facility"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custody_history" ADD CONSTRAINT "custody_history_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "custody_period" ADD CONSTRAINT "custody_period_case_id_criminal_case_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."criminal_case"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_user" ADD CONSTRAINT "app_user_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_invitation" ADD CONSTRAINT "user_invitation_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_invitation" ADD CONSTRAINT "user_invitation_invited_by_app_user_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_session" ADD CONSTRAINT "user_session_user_id_app_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."app_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_recorded_by_app_user_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_record" ADD CONSTRAINT "consent_record_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "geneva_record" ADD CONSTRAINT "geneva_record_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_record" ADD CONSTRAINT "health_record_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "health_record" ADD CONSTRAINT "health_record_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person" ADD CONSTRAINT "person_current_facility_id_facility_id_fk" FOREIGN KEY ("current_facility_id") REFERENCES "public"."facility"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_name" ADD CONSTRAINT "person_name_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_name" ADD CONSTRAINT "person_name_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_source" ADD CONSTRAINT "person_source_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_source" ADD CONSTRAINT "person_source_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rosfin_listing" ADD CONSTRAINT "rosfin_listing_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rosfin_listing" ADD CONSTRAINT "rosfin_listing_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "source" ADD CONSTRAINT "source_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_event" ADD CONSTRAINT "status_event_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_event" ADD CONSTRAINT "status_event_source_id_source_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."source"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_event" ADD CONSTRAINT "status_event_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_event_target_idx" ON "audit_event" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "case_article_case_idx" ON "case_article" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "case_article_article_idx" ON "case_article" USING btree ("article");--> statement-breakpoint
CREATE INDEX "criminal_case_person_idx" ON "criminal_case" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "custody_history_person_idx" ON "custody_history" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "custody_period_case_idx" ON "custody_period" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "app_user_email_idx" ON "app_user" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "consent_record_person_idx" ON "consent_record" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "health_record_person_idx" ON "health_record" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "person_org_external_id_uq" ON "person" USING btree ("organisation_id","external_id");--> statement-breakpoint
CREATE INDEX "person_category_idx" ON "person" USING btree ("category");--> statement-breakpoint
CREATE INDEX "person_status_idx" ON "person" USING btree ("status");--> statement-breakpoint
CREATE INDEX "person_region_idx" ON "person" USING btree ("home_region");--> statement-breakpoint
CREATE INDEX "person_name_person_idx" ON "person_name" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_name_lower_idx" ON "person_name" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "status_event_person_idx" ON "status_event" USING btree ("person_id");