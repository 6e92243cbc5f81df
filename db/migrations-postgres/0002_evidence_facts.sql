ALTER TABLE "device_evidence" ADD COLUMN "facts" text;--> statement-breakpoint
ALTER TABLE "device_evidence" ADD COLUMN "facts_hash" text;