-- The claim of the request creating a bill's Tpay transaction ("Zapłać teraz").
ALTER TABLE `bills` ADD `payment_claim_id` text;--> statement-breakpoint
ALTER TABLE `bills` ADD `payment_claimed_at` text;
