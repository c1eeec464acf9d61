ALTER TABLE `answers` ADD `withdrawn_at` integer;--> statement-breakpoint
ALTER TABLE `answers` ADD `withdrawn_by_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `answers` ADD `withdrawn_reason` text;--> statement-breakpoint
ALTER TABLE `answers` ADD `withdrawn_note` text;