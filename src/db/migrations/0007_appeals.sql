CREATE TYPE "public"."appeal_channel" AS ENUM('web', 'email');--> statement-breakpoint
CREATE TYPE "public"."appeal_language" AS ENUM('ru', 'uk', 'en');--> statement-breakpoint
CREATE TYPE "public"."appeal_status" AS ENUM('received', 'in_review', 'needs_info', 'added_to_registry', 'legal_help_assigned', 'merged', 'closed');--> statement-breakpoint
CREATE TABLE "appeal" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"organisation_id" uuid NOT NULL,
	"code_hash" text,
	"form_nonce" text,
	"status" "appeal_status" DEFAULT 'received' NOT NULL,
	"language" "appeal_language" NOT NULL,
	"channel" "appeal_channel" NOT NULL,
	"held_name" text,
	"held_birth_date" text,
	"held_where" text,
	"held_article" text,
	"held_since" text,
	"requests" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"publicity_consent" "publicity_consent" DEFAULT 'none' NOT NULL,
	"exchange_consent" "exchange_consent" DEFAULT 'unknown' NOT NULL,
	"contact_enc" text,
	"text_enc" text,
	"assignee_id" uuid,
	"linked_person_id" uuid,
	"merged_into_id" uuid,
	"close_reason" text,
	"message_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeal_attachment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appeal_id" uuid NOT NULL,
	"filename_enc" text,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content_enc" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appeal_event" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"appeal_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_status" "appeal_status",
	"to_status" "appeal_status",
	"actor_id" uuid,
	"actor_label" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"note_enc" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "appeal" ADD CONSTRAINT "appeal_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal" ADD CONSTRAINT "appeal_assignee_id_app_user_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal" ADD CONSTRAINT "appeal_linked_person_id_person_id_fk" FOREIGN KEY ("linked_person_id") REFERENCES "public"."person"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal" ADD CONSTRAINT "appeal_merged_into_id_appeal_id_fk" FOREIGN KEY ("merged_into_id") REFERENCES "public"."appeal"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_attachment" ADD CONSTRAINT "appeal_attachment_appeal_id_appeal_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeal"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_event" ADD CONSTRAINT "appeal_event_appeal_id_appeal_id_fk" FOREIGN KEY ("appeal_id") REFERENCES "public"."appeal"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appeal_event" ADD CONSTRAINT "appeal_event_actor_id_app_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "appeal_code_hash_uq" ON "appeal" USING btree ("code_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "appeal_form_nonce_uq" ON "appeal" USING btree ("form_nonce");--> statement-breakpoint
CREATE UNIQUE INDEX "appeal_org_message_id_uq" ON "appeal" USING btree ("organisation_id","message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "appeal_seq_uq" ON "appeal" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "appeal_org_status_idx" ON "appeal" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "appeal_linked_person_idx" ON "appeal" USING btree ("linked_person_id");--> statement-breakpoint
CREATE INDEX "appeal_attachment_appeal_idx" ON "appeal_attachment" USING btree ("appeal_id");--> statement-breakpoint
CREATE INDEX "appeal_event_appeal_idx" ON "appeal_event" USING btree ("appeal_id","at");