import type { ReactNode } from "react";

/** Centered card for the pages a visitor sees before logging in. */
export function AuthCard({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  return (
    <div className="flex min-h-screen items-start justify-center px-4 py-12 sm:items-center">
      <div className="w-full max-w-md">
        <a href="/" className="mb-6 block text-center text-2xl font-bold text-brand-700">
          Klamp
        </a>
        <div className="card">
          <h1 className="text-xl font-semibold">{title}</h1>
          {intro ? <p className="mt-1 text-sm text-slate-600">{intro}</p> : null}
          <div className="mt-6">{children}</div>
        </div>
      </div>
    </div>
  );
}
