ALTER TABLE `auth_tokens` ADD `password_hash` text;--> statement-breakpoint
ALTER TABLE `auth_tokens` ADD `registration_name` text;