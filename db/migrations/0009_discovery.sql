CREATE TABLE `discovery_candidates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`address` text NOT NULL,
	`port` integer DEFAULT 161 NOT NULL,
	`sys_name` text,
	`sys_object_id` text,
	`sys_descr` text,
	`vendor` text,
	`unit` text,
	`credential` text,
	`source` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`known_device` text,
	`first_seen` integer NOT NULL,
	`last_seen` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `discovery_candidates_address_unique` ON `discovery_candidates` (`address`);--> statement-breakpoint
CREATE INDEX `discovery_candidates_status_idx` ON `discovery_candidates` (`status`);