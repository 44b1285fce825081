-- Health severity, "prevents serving" and the priority facts (children, dependants, reported conditions such as
-- torture) become person-sealed text (issue #20). The values already stored are sealed by openRuntime right after
-- the migrations (src/app/personKeysAtStart.ts); defaults go first, since a default would be stored in clear.
ALTER TABLE "priority_facts" ALTER COLUMN "minor_children" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "priority_facts" ALTER COLUMN "minor_children" SET DATA TYPE text USING "minor_children"::text;--> statement-breakpoint
ALTER TABLE "priority_facts" ALTER COLUMN "other_dependants" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "priority_facts" ALTER COLUMN "other_dependants" SET DATA TYPE text USING "other_dependants"::text;--> statement-breakpoint
ALTER TABLE "priority_facts" ALTER COLUMN "conditions" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "priority_facts" ALTER COLUMN "conditions" SET DATA TYPE text USING "conditions"::text;--> statement-breakpoint
ALTER TABLE "priority_facts" ALTER COLUMN "pregnant" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "priority_facts" ALTER COLUMN "pregnant" SET DATA TYPE text USING "pregnant"::text;--> statement-breakpoint
ALTER TABLE "priority_facts" ALTER COLUMN "children_under_14" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "priority_facts" ALTER COLUMN "children_under_14" SET DATA TYPE text USING "children_under_14"::text;--> statement-breakpoint
ALTER TABLE "priority_facts" ALTER COLUMN "sole_carer" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "priority_facts" ALTER COLUMN "sole_carer" SET DATA TYPE text USING "sole_carer"::text;--> statement-breakpoint
ALTER TABLE "health_record" ALTER COLUMN "severity" SET DATA TYPE text USING "severity"::text;--> statement-breakpoint
ALTER TABLE "health_record" ALTER COLUMN "prevents_serving" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "health_record" ALTER COLUMN "prevents_serving" SET DATA TYPE text USING "prevents_serving"::text;
