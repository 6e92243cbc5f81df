DROP INDEX `stations_town_status_idx`;--> statement-breakpoint
DROP INDEX `stations_on_air_idx`;--> statement-breakpoint
CREATE INDEX `stations_town_operator_status_idx` ON `stations` (`town_id`,`operator`,`status`);--> statement-breakpoint
CREATE INDEX `stations_built_idx` ON `stations` (`status`,`on_air_on`,`accepted_on`,`town_id`,`operator`);