ALTER TABLE `auth_tokens` ADD `new_email` text;--> statement-breakpoint
ALTER TABLE `projects` ADD `budget_baseline` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `company` text;--> statement-breakpoint
ALTER TABLE `users` ADD `nip` text;--> statement-breakpoint
ALTER TABLE `users` ADD `address` text;--> statement-breakpoint
ALTER TABLE `users` ADD `bank_account` text;--> statement-breakpoint
ALTER TABLE `users` ADD `budget_warning_percent` integer DEFAULT 10 NOT NULL;