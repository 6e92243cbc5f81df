CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`actor_role` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`action` text NOT NULL,
	`before` text,
	`after` text,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `blind_spots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`town_id` integer NOT NULL,
	`village_id` integer,
	`category` text NOT NULL,
	`location` text,
	`latitude` real,
	`longitude` real,
	`source` text NOT NULL,
	`reported_on` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`status_reason` text,
	`resolution` text,
	`resolved_by_station_id` integer,
	`rsrp_before` real,
	`rsrp_after` real,
	`resolved_on` text,
	`closed_on` text,
	`notes` text,
	`demo` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`town_id`) REFERENCES `towns`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`resolved_by_station_id`) REFERENCES `stations`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `blind_spots_town_status_idx` ON `blind_spots` (`town_id`,`status`);--> statement-breakpoint
CREATE TABLE `build_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`town_id` integer NOT NULL,
	`operator` text DEFAULT '' NOT NULL,
	`target` integer NOT NULL,
	`demo` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`town_id`) REFERENCES `towns`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `build_targets_uq` ON `build_targets` (`year`,`town_id`,`operator`);--> statement-breakpoint
CREATE TABLE `line_hazards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`town_id` integer NOT NULL,
	`village_id` integer,
	`line_type` text NOT NULL,
	`hazard_type` text NOT NULL,
	`severity` text NOT NULL,
	`owner` text NOT NULL,
	`location` text,
	`found_on` text NOT NULL,
	`inspection_id` integer,
	`deadline` text,
	`status` text DEFAULT 'open' NOT NULL,
	`assigned_on` text,
	`remediating_on` text,
	`remediated_on` text,
	`verified_on` text,
	`notes` text,
	`demo` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`town_id`) REFERENCES `towns`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `line_hazards_town_status_idx` ON `line_hazards` (`town_id`,`status`);--> statement-breakpoint
CREATE TABLE `inspection_villages` (
	`inspection_id` integer NOT NULL,
	`village_id` integer NOT NULL,
	PRIMARY KEY(`inspection_id`, `village_id`),
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `inspections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`date` text NOT NULL,
	`town_id` integer NOT NULL,
	`inspector` text,
	`notes` text,
	`demo` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`town_id`) REFERENCES `towns`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE TABLE `stations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`operator` text NOT NULL,
	`builder` text DEFAULT '中国铁塔' NOT NULL,
	`town_id` integer NOT NULL,
	`village_id` integer,
	`address` text,
	`latitude` real,
	`longitude` real,
	`type` text NOT NULL,
	`planned_year` integer NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`approved_on` text,
	`site_ready_on` text,
	`construction_on` text,
	`powered_on` text,
	`on_air_on` text,
	`accepted_on` text,
	`cancelled_on` text,
	`notes` text,
	`demo` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`town_id`) REFERENCES `towns`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`village_id`) REFERENCES `villages`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stations_code_unique` ON `stations` (`code`);--> statement-breakpoint
CREATE INDEX `stations_town_status_idx` ON `stations` (`town_id`,`status`);--> statement-breakpoint
CREATE INDEX `stations_on_air_idx` ON `stations` (`on_air_on`);--> statement-breakpoint
CREATE TABLE `towns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `towns_name_unique` ON `towns` (`name`);--> statement-breakpoint
CREATE TABLE `villages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`town_id` integer NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`town_id`) REFERENCES `towns`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `villages_town_name_uq` ON `villages` (`town_id`,`name`);--> statement-breakpoint
CREATE TABLE `web_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`token_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`token_id`) REFERENCES `api_tokens`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Panyu's 16 towns and streets (镇街), seeded once; editable afterwards.
INSERT INTO `towns` (`name`, `sort_order`, `created_at`) VALUES
('市桥街', 1, unixepoch()), ('沙头街', 2, unixepoch()), ('东环街', 3, unixepoch()), ('桥南街', 4, unixepoch()),
('小谷围街', 5, unixepoch()), ('大石街', 6, unixepoch()), ('洛浦街', 7, unixepoch()), ('石壁街', 8, unixepoch()),
('钟村街', 9, unixepoch()), ('大龙街', 10, unixepoch()), ('沙湾街', 11, unixepoch()), ('石碁镇', 12, unixepoch()),
('南村镇', 13, unixepoch()), ('新造镇', 14, unixepoch()), ('化龙镇', 15, unixepoch()), ('石楼镇', 16, unixepoch());
