CREATE TABLE `data_exports` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`progress_done` integer DEFAULT 0 NOT NULL,
	`progress_total` integer DEFAULT 0 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`claim_id` text,
	`claimed_at` text,
	`r2_key` text,
	`size` integer,
	`file_count` integer,
	`failure_reason` text,
	`outbox_id` text,
	`ready_at` text,
	`expires_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `data_exports_user_created_idx` ON `data_exports` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `data_exports_status_idx` ON `data_exports` (`status`,`updated_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `data_exports_user_active_uq` ON `data_exports` (`user_id`) WHERE status IN ('queued', 'running');--> statement-breakpoint
CREATE TABLE `r2_purges` (
	`prefix` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `retained_records` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`former_user_id` text NOT NULL,
	`data` text NOT NULL,
	`retain_until` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `retained_records_retain_until_idx` ON `retained_records` (`retain_until`);--> statement-breakpoint
ALTER TABLE `bills` ADD `buyer_name` text;--> statement-breakpoint
ALTER TABLE `bills` ADD `buyer_nip` text;--> statement-breakpoint
ALTER TABLE `bills` ADD `buyer_address` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `anonymized_at` text;--> statement-breakpoint
CREATE INDEX `activity_user_account_idx` ON `activity` (`user_id`,`created_at`) WHERE project_id IS NULL;--> statement-breakpoint
CREATE INDEX `email_outbox_user_idx` ON `email_outbox` (`user_id`);