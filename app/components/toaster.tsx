import { useEffect, useState } from "react";
import { rootText } from "~/i18n/pl/root";
import type { Toast } from "~/utils/toast.server";

/**
 * Shows the one-time message left by the last action; it hides itself after a few seconds.
 * `closeLabel` names the close button in the page's language (the client's pages may be English).
 */
export function Toaster({ toast, closeLabel = rootText.close }: { toast: Toast | null; closeLabel?: string }) {
  const [visible, setVisible] = useState<Toast | null>(toast);
  useEffect(() => {
    setVisible(toast);
    if (!toast) return;
    const timer = setTimeout(() => setVisible(null), 6000);
    return () => clearTimeout(timer);
  }, [toast]);
  if (!visible) return null;
  const tone =
    visible.type === "error"
      ? "border-red-300 bg-red-50 text-red-800"
      : visible.type === "info"
        ? "border-slate-300 bg-white text-slate-800"
        : "border-emerald-300 bg-emerald-50 text-emerald-900";
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex justify-center px-4">
      <div role="status" className={`pointer-events-auto min-w-0 max-w-md rounded-md [overflow-wrap:anywhere] border px-4 py-3 text-sm shadow-lg ${tone}`}>
        {visible.message}
        <button type="button" className="ml-3 text-xs underline" onClick={() => setVisible(null)}>
          {closeLabel}
        </button>
      </div>
    </div>
  );
}
