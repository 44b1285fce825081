-- The day each version's rows were computed for (src/services/lists: priorities, terms and statuses as of then).
-- Versions stored before: a build in the background said its day in the audit entry that stored it; any other
-- version was computed on the day (Moscow) it was stored.
-- Versions never change (migration 0005): its guard is set aside for this one fill, in the migration's transaction.
ALTER TABLE "exchange_list_version" ADD COLUMN "as_of" date;--> statement-breakpoint
ALTER TABLE "exchange_list_version" DISABLE TRIGGER exchange_list_version_no_change;--> statement-breakpoint
UPDATE "exchange_list_version" v SET "as_of" = coalesce(
  (select (a.detail->>'asOf')::date from audit_event a
    where a.type = 'exchangeList.versioned' and a.target_type = 'exchangeList' and a.target_id = v.list_id::text
      and a.detail->>'builtInBackground' = 'true' and a.detail->>'asOf' ~ '^\d{4}-\d{2}-\d{2}$'
      and a.detail->>'version' = v.version::text and a.detail->>'newVersion' = 'true'
    order by a.seq desc limit 1),
  (v.created_at at time zone 'Europe/Moscow')::date);--> statement-breakpoint
ALTER TABLE "exchange_list_version" ENABLE TRIGGER exchange_list_version_no_change;--> statement-breakpoint
ALTER TABLE "exchange_list_version" ALTER COLUMN "as_of" SET NOT NULL;
