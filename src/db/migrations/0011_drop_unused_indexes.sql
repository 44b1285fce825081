DROP INDEX "person_category_idx";--> statement-breakpoint
DROP INDEX "person_status_idx";--> statement-breakpoint
DROP INDEX "person_region_idx";--> statement-breakpoint
DROP INDEX "person_name_lower_idx";