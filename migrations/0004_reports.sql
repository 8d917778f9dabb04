CREATE TABLE `report_sendings` (
	`id` text PRIMARY KEY NOT NULL,
	`report_id` text NOT NULL,
	`user_id` text NOT NULL,
	`to_address` text NOT NULL,
	`outbox_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_sendings_report_idx` ON `report_sendings` (`report_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `report_sendings_token_hash_uq` ON `report_sendings` (`token_hash`);--> statement-breakpoint
CREATE TABLE `report_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`logo_key` text,
	`logo_content_type` text,
	`logo_size` integer,
	`show_logo` integer DEFAULT false NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`project_id` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`claim_id` text,
	`claimed_at` text,
	`r2_key` text,
	`size` integer,
	`page_count` integer,
	`task_count` integer,
	`generated_at` text,
	`failure_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reports_user_created_idx` ON `reports` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `reports_project_created_idx` ON `reports` (`project_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `reports_status_idx` ON `reports` (`status`,`updated_at`);