CREATE TABLE `answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`complaint_id` integer,
	`reply` text NOT NULL,
	`replied_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`public_question` text NOT NULL,
	`public_text` text DEFAULT '' NOT NULL,
	`public_reply` text NOT NULL,
	`category_path` text,
	`community_id` integer,
	`source_ids` text,
	`reviewed_by_id` integer,
	`reviewed_at` integer,
	`published_at` integer,
	`views` integer DEFAULT 0 NOT NULL,
	`helpful` integer DEFAULT 0 NOT NULL,
	`not_helpful` integer DEFAULT 0 NOT NULL,
	`inquiries_avoided` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`community_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `answers_complaint_uq` ON `answers` (`complaint_id`);--> statement-breakpoint
CREATE INDEX `answers_status_idx` ON `answers` (`status`,`published_at`);