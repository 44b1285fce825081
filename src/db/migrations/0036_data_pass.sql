-- Which data passes over older versions' data (sealing values left in clear, legacy assignments, region texts) have
-- run to the end for this code's fingerprint: later starts of the same code skip their scans (src/app/dataPasses.ts).
CREATE TABLE "data_pass" (
	"name" text PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"ran_at" timestamp with time zone DEFAULT now() NOT NULL
);
