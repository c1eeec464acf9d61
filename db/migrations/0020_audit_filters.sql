CREATE INDEX `audit_action_idx` ON `audit_events` (`action`);--> statement-breakpoint
CREATE INDEX `audit_actor_idx` ON `audit_events` (`actor_kind`,`actor_id`);