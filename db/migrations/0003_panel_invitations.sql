ALTER TABLE `panel_members` ADD `invited_at` integer;--> statement-breakpoint
ALTER TABLE `panel_members` ADD `decline_reason` text;--> statement-breakpoint
ALTER TABLE `panel_members` ADD `replaces_id` integer REFERENCES panel_members(id);