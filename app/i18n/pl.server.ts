// Every Polish text section, for the loaders and actions of route modules. The Remix compiler
// replaces `.server` modules with empty ones in the browser build, so a section a route imports
// from here for its loader or action stays out of the page's client bundle. Components and the
// rest of a route import their sections from ./pl/ (see ./pl.ts).
export * from "./pl";
