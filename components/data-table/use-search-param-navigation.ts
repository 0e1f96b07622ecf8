"use client";
// View state lives in the URL: every change is a router.push of new search params, so views
// are shareable and the back button works. The transition exposes a pending flag for the UI.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useTransition } from "react";

export type ParamChanges = Record<string, string | null>;

export function useSearchParamNavigation() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();

  const hrefWith = useCallback(
    (changes: ParamChanges): string => {
      const next = new URLSearchParams(searchParams.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === "") next.delete(key);
        else next.set(key, value);
      }
      const qs = next.toString();
      return qs ? `${pathname}?${qs}` : pathname;
    },
    [pathname, searchParams],
  );

  const navigate = useCallback(
    (changes: ParamChanges) => startTransition(() => router.push(hrefWith(changes))),
    [hrefWith, router],
  );

  return { navigate, hrefWith, pending, searchParams };
}
