DROP INDEX "person_assignment_uq";--> statement-breakpoint
ALTER TABLE "person_assignment" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "person_assignment" ADD COLUMN "user_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "person_assignment_key_uq" ON "person_assignment" USING btree ("person_id","user_key");