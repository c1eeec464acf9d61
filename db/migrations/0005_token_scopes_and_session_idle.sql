ALTER TABLE `api_tokens` ADD `scopes` text DEFAULT '["topics:read","open311:write"]' NOT NULL;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `last_seen_at` integer;--> statement-breakpoint
DELETE FROM `sessions`;
