// The client languages, without their texts: app/root.tsx and resource routes need the type and
// the check, and importing app/i18n/client.ts would put both languages' texts into their bundles.

export type ClientLocale = "pl" | "en";

export const CLIENT_LOCALES: readonly ClientLocale[] = ["pl", "en"];

export function isClientLocale(value: unknown): value is ClientLocale {
  return value === "pl" || value === "en";
}
