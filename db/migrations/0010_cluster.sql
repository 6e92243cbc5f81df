CREATE TABLE `cluster_leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`instance` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cluster_nodes` (
	`name` text PRIMARY KEY NOT NULL,
	`instance` text NOT NULL,
	`url` text NOT NULL,
	`groups` text NOT NULL,
	`started_at` integer NOT NULL,
	`heartbeat_at` integer NOT NULL,
	`devices` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `device_evidence` (
	`device` text PRIMARY KEY NOT NULL,
	`node` text NOT NULL,
	`up` integer,
	`payload` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `device_evidence_updated_idx` ON `device_evidence` (`updated_at`);--> statement-breakpoint
ALTER TABLE `events` ADD `fingerprint` text;--> statement-breakpoint
CREATE INDEX `events_fingerprint_idx` ON `events` (`fingerprint`);--> statement-breakpoint
ALTER TABLE `devices` ADD `poller_group` text DEFAULT 'default' NOT NULL;