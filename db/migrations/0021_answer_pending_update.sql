ALTER TABLE `answers` ADD `update_status` text;--> statement-breakpoint
ALTER TABLE `answers` ADD `update_reply` text;--> statement-breakpoint
ALTER TABLE `answers` ADD `update_public_reply` text;--> statement-breakpoint
ALTER TABLE `answers` ADD `update_replied_at` integer;