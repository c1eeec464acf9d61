ALTER TABLE `decisions` ADD `progress` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `satisfaction_ratings` ADD `audience` text DEFAULT 'complainant' NOT NULL;--> statement-breakpoint
ALTER TABLE `satisfaction_ratings` ADD `panel_member_id` integer REFERENCES panel_members(id);--> statement-breakpoint
CREATE UNIQUE INDEX `satisfaction_token_uq` ON `satisfaction_ratings` (`token`);