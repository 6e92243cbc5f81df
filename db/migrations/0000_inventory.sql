CREATE TABLE `credentials` (
	`name` text PRIMARY KEY NOT NULL,
	`version` text NOT NULL,
	`secret` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `devices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`port` integer DEFAULT 161 NOT NULL,
	`credential` text NOT NULL,
	`unit` text,
	`role` text,
	`vendor` text DEFAULT 'auto' NOT NULL,
	`max_repetitions` integer,
	`enabled` integer DEFAULT true NOT NULL,
	`source` text DEFAULT 'api' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`credential`) REFERENCES `credentials`(`name`) ON UPDATE cascade ON DELETE restrict,
	FOREIGN KEY (`unit`) REFERENCES `units`(`name`) ON UPDATE cascade ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_name_unique` ON `devices` (`name`);--> statement-breakpoint
CREATE INDEX `devices_unit_idx` ON `devices` (`unit`);--> statement-breakpoint
CREATE TABLE `units` (
	`name` text PRIMARY KEY NOT NULL,
	`town` text,
	`ipv4` text NOT NULL,
	`ipv6` text NOT NULL,
	`updated_at` integer NOT NULL
);
