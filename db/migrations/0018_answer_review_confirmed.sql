ALTER TABLE `answers` ADD `confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `answers` ADD `revised_at` integer;