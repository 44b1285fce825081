import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

// The data passes a start runs over what older versions stored (sealing values left in clear, hashing legacy
// assignments, coding regions: src/app/dataPasses.ts), recorded once they have run to the end for a fingerprint of
// this code (the passes, the sealed columns, the migrations): a later start of the same code skips their scans of
// the whole registry. Kept IN the database, so a restored or copied older database brings its own (older, or no)
// record and the passes run again; a backup's restore truncates and refills it with the backup's.
export const dataPass = pgTable("data_pass", {
  name: text("name").primaryKey(),
  fingerprint: text("fingerprint").notNull(),
  ranAt: timestamp("ran_at", { withTimezone: true }).notNull().defaultNow(),
});
