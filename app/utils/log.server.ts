// Structured JSON lines for Workers Logs. Callers pass ids and error objects, never secrets.

type Fields = Record<string, unknown>;

function serializeError(error: unknown): Fields {
  if (error instanceof Error) return { error: error.message, errorName: error.name, stack: error.stack };
  return { error: String(error) };
}

export function logInfo(event: string, fields: Fields = {}): void {
  console.log(JSON.stringify({ level: "info", event, ...fields }));
}

export function logWarn(event: string, fields: Fields = {}): void {
  console.warn(JSON.stringify({ level: "warn", event, ...fields }));
}

export function logError(event: string, error: unknown, fields: Fields = {}): void {
  console.error(JSON.stringify({ level: "error", event, ...fields, ...serializeError(error) }));
}
