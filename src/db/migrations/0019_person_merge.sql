CREATE TABLE "person_distinct_pair" (
	"low_id" uuid NOT NULL,
	"high_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"confirmed_by" uuid,
	"confirmed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "person_distinct_pair_low_id_high_id_pk" PRIMARY KEY("low_id","high_id")
);
--> statement-breakpoint
CREATE TABLE "person_merge" (
	"merged_id" uuid PRIMARY KEY NOT NULL,
	"survivor_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"merged_external_id" text,
	"merged_by" uuid,
	"merged_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exchange_list_row" DROP CONSTRAINT "exchange_list_row_person_id_person_id_fk";
--> statement-breakpoint
ALTER TABLE "person_distinct_pair" ADD CONSTRAINT "person_distinct_pair_low_id_person_id_fk" FOREIGN KEY ("low_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_distinct_pair" ADD CONSTRAINT "person_distinct_pair_high_id_person_id_fk" FOREIGN KEY ("high_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_distinct_pair" ADD CONSTRAINT "person_distinct_pair_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_distinct_pair" ADD CONSTRAINT "person_distinct_pair_confirmed_by_app_user_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merge" ADD CONSTRAINT "person_merge_survivor_id_person_id_fk" FOREIGN KEY ("survivor_id") REFERENCES "public"."person"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merge" ADD CONSTRAINT "person_merge_organisation_id_organisation_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisation"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_merge" ADD CONSTRAINT "person_merge_merged_by_app_user_id_fk" FOREIGN KEY ("merged_by") REFERENCES "public"."app_user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_distinct_pair_high_idx" ON "person_distinct_pair" USING btree ("high_id");--> statement-breakpoint
CREATE INDEX "person_merge_survivor_idx" ON "person_merge" USING btree ("survivor_id");