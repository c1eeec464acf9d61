ALTER TABLE `work_order_events` ADD `from_due_at` integer;--> statement-breakpoint
ALTER TABLE `work_order_events` ADD `to_due_at` integer;