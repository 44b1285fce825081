ALTER TABLE "priority_facts" ADD COLUMN "pregnant" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "priority_facts" ADD COLUMN "children_under_14" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "priority_facts" ADD COLUMN "sole_carer" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "priority_facts" ADD COLUMN "factors" jsonb DEFAULT '[]'::jsonb NOT NULL;