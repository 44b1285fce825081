ALTER TABLE "appeal" ADD COLUMN "assignee_enc" text;--> statement-breakpoint
ALTER TABLE "appeal" ADD COLUMN "assignee_key" text;--> statement-breakpoint
CREATE INDEX "appeal_org_assignee_idx" ON "appeal" USING btree ("organisation_id","assignee_key");