CREATE TABLE `complaint_prepared` (
	`complaint_id` integer PRIMARY KEY NOT NULL,
	`stamp` integer NOT NULL,
	`data` blob NOT NULL,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE cascade
);
