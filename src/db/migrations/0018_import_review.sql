CREATE TYPE "public"."import_review_reason" AS ENUM('possible', 'matchWithoutBirthDate', 'ambiguous', 'consent');--> statement-breakpoint
CREATE TYPE "public"."import_review_status" AS ENUM('pending', 'same', 'different', 'applied', 'dismissed');--> statement-breakpoint
CREATE TABLE "import_review" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"file" text NOT NULL,
	"row" integer NOT NULL,
	"reason" "import_review_reason" NOT NULL,
	"input_name" text NOT NULL,
	"draft" jsonb NOT NULL,
	"draft_key" text NOT NULL,
	"candidate_id" uuid,
	"score" real,
	"explanation" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" "import_review_status" DEFAULT 'pending' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"person_id" uuid
);
--> statement-breakpoint
ALTER TABLE "custody_period" ADD COLUMN "inferred" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "import_review" ADD CONSTRAINT "import_review_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_review" ADD CONSTRAINT "import_review_candidate_id_person_id_fk" FOREIGN KEY ("candidate_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_review" ADD CONSTRAINT "import_review_created_by_app_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_review" ADD CONSTRAINT "import_review_decided_by_app_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_review" ADD CONSTRAINT "import_review_person_id_person_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_review_org_status_idx" ON "import_review" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "import_review_key_idx" ON "import_review" USING btree ("organisation_id","draft_key");