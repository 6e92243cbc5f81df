ALTER TABLE `device_evidence` ADD `facts` text;--> statement-breakpoint
ALTER TABLE `device_evidence` ADD `facts_hash` text;