CREATE TABLE `bill_items` (
	`id` text PRIMARY KEY NOT NULL,
	`bill_id` text NOT NULL,
	`task_id` text,
	`name` text NOT NULL,
	`amount` integer NOT NULL,
	`task_version` integer NOT NULL,
	`position` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`bill_id`) REFERENCES `bills`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `bill_items_bill_idx` ON `bill_items` (`bill_id`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `bill_items_active_task_uq` ON `bill_items` (`task_id`) WHERE active = 1;--> statement-breakpoint
CREATE TABLE `bills` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`project_id` text NOT NULL,
	`number` integer NOT NULL,
	`created_by` text NOT NULL,
	`status` text NOT NULL,
	`total` integer NOT NULL,
	`recipient_email` text,
	`outbox_id` text,
	`paid_via` text,
	`paid_payment_id` text,
	`sent_at` text,
	`paid_at` text,
	`cancelled_at` text,
	`cancelled_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	`payment_claim_id` text,
	`payment_claimed_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bills_project_number_uq` ON `bills` (`project_id`,`number`);--> statement-breakpoint
CREATE INDEX `bills_project_created_idx` ON `bills` (`project_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `bills_user_status_idx` ON `bills` (`user_id`,`status`);--> statement-breakpoint
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`purpose` text NOT NULL,
	`project_id` text,
	`bill_id` text,
	`subscription_order_id` text,
	`method` text NOT NULL,
	`tpay_transaction_id` text,
	`environment` text,
	`provider_title` text,
	`amount` integer NOT NULL,
	`expected_amount` integer NOT NULL,
	`status` text NOT NULL,
	`flag` text,
	`note` text,
	`paid_at` text NOT NULL,
	`refunded_amount` integer DEFAULT 0 NOT NULL,
	`refunded_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`bill_id`) REFERENCES `bills`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`subscription_order_id`) REFERENCES `subscription_orders`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`tpay_transaction_id`) REFERENCES `tpay_transactions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payments_env_title_uq` ON `payments` (`environment`,`provider_title`);--> statement-breakpoint
CREATE INDEX `payments_user_paid_idx` ON `payments` (`user_id`,`purpose`,`paid_at`);--> statement-breakpoint
CREATE INDEX `payments_bill_idx` ON `payments` (`bill_id`);--> statement-breakpoint
CREATE TABLE `subscription_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`plan` text NOT NULL,
	`months` integer NOT NULL,
	`amount` integer NOT NULL,
	`status` text NOT NULL,
	`period_start` text,
	`period_end` text,
	`paid_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `subscription_orders_user_created_idx` ON `subscription_orders` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `tpay_connections` (
	`id` text PRIMARY KEY DEFAULT (lower(hex(randomblob(16)))) NOT NULL,
	`user_id` text NOT NULL,
	`notify_key` text NOT NULL,
	`environment` text NOT NULL,
	`merchant_id` text NOT NULL,
	`client_id_hint` text NOT NULL,
	`credentials` text NOT NULL,
	`status` text NOT NULL,
	`last_error` text,
	`checked_at` text NOT NULL,
	`test_mode_seen_at` text,
	`md5_failed_at` text,
	`last_notification_at` text,
	`disconnected_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tpay_connections_notify_key_uq` ON `tpay_connections` (`notify_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `tpay_connections_current_user_uq` ON `tpay_connections` (`user_id`) WHERE disconnected_at IS NULL;--> statement-breakpoint
CREATE INDEX `tpay_connections_user_idx` ON `tpay_connections` (`user_id`);--> statement-breakpoint
CREATE TABLE `tpay_transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`purpose` text NOT NULL,
	`bill_id` text,
	`subscription_order_id` text,
	`account` text NOT NULL,
	`connection_id` text,
	`environment` text NOT NULL,
	`merchant_id` text NOT NULL,
	`transaction_id` text NOT NULL,
	`title` text NOT NULL,
	`crc` text NOT NULL,
	`amount` integer NOT NULL,
	`currency` text DEFAULT 'PLN' NOT NULL,
	`payment_url` text NOT NULL,
	`status` text NOT NULL,
	`test_mode_at` text,
	`last_checked_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`bill_id`) REFERENCES `bills`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`subscription_order_id`) REFERENCES `subscription_orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connection_id`) REFERENCES `tpay_connections`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tpay_transactions_crc_uq` ON `tpay_transactions` (`crc`);--> statement-breakpoint
CREATE UNIQUE INDEX `tpay_transactions_env_title_uq` ON `tpay_transactions` (`environment`,`title`);--> statement-breakpoint
CREATE INDEX `tpay_transactions_bill_idx` ON `tpay_transactions` (`bill_id`);--> statement-breakpoint
CREATE INDEX `tpay_transactions_status_created_idx` ON `tpay_transactions` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `tpay_transactions_connection_status_idx` ON `tpay_transactions` (`connection_id`,`status`);--> statement-breakpoint
ALTER TABLE `tasks` ADD `paid_via` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `paid_at` text;--> statement-breakpoint
ALTER TABLE `users` ADD `paid_until` text;--> statement-breakpoint
ALTER TABLE `users` ADD `plan` text;