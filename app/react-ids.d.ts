import type { ReactNode } from "react";

// IdScope comes from the project's react package (vendor/react, decision 0021): it numbers the
// useId calls of one render so the server's ids and the browser's match.
declare module "react" {
  export function IdScope(props: { children?: ReactNode }): ReactNode;
}
