import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/cloudflare";
import { json, redirect } from "@remix-run/cloudflare";
import { Link } from "@remix-run/react";
import { getCurrentSession } from "~/utils/auth.server";

export const meta: MetaFunction = () => [
  { title: "Klamp: projekty, zadania i płatności z klientem w jednym miejscu" },
  { name: "description", content: "Wyceniaj zadania, udostępniaj projekt klientowi i przyjmuj płatności Tpay." },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getCurrentSession(request, context)) throw redirect("/dashboard");
  return json({});
}

export default function Landing() {
  return (
    <div className="mx-auto flex min-h-screen max-w-3xl flex-col justify-center px-4 py-12">
      <p className="text-2xl font-bold text-brand-700">Klamp</p>
      <h1 className="mt-6 text-3xl font-bold sm:text-4xl">Twoja komunikacja z klientem w jednym miejscu</h1>
      <p className="mt-4 text-lg text-slate-600">
        Wyceniaj każde zadanie, udostępnij klientowi projekt unikalnym linkiem, zbieraj akceptacje kwot i płatności. Nic
        nie zostaje zrobione za darmo i nic nie jest opłacone bez wiedzy klienta.
      </p>
      <div className="mt-8 flex flex-wrap gap-3">
        <Link to="/register" className="btn-primary">
          Załóż konto: 14 dni za darmo
        </Link>
        <Link to="/login" className="btn-secondary">
          Zaloguj się
        </Link>
      </div>
    </div>
  );
}
