// The discussion panel's fetchers run in the browser. A request that cannot reach the server
// (the device went offline) resolves to `{ unavailable: true }`, so the panel shows a notice
// and the page stays. A server response, such as the 404 of a dead client link, is re-thrown
// and reaches the route's error boundary.

export interface Unavailable {
  unavailable: true;
}

/** Runs a server loader or action, turning a network failure into `{ unavailable: true }`. */
export async function orUnavailable<T>(request: () => Promise<T>): Promise<T | Unavailable> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof Response) throw error;
    return { unavailable: true };
  }
}
