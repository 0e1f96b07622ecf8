// A console area that is not built yet: the shell, a permission check and one honest sentence.
import { requireUser } from "@/lib/auth/session";
import { NotBuiltPanel } from "../ui/panels";
import { PageHeader } from "../ui/page-header";
import { Gate } from "./gate";
import { navItem, type NavKey } from "./nav-items";

export async function PlaceholderPage({ area }: { area: NavKey }) {
  const user = await requireUser();
  const item = navItem(area);
  return (
    <Gate actor={user} permission={item.permission} area={item.label}>
      <PageHeader title={item.label} />
      <NotBuiltPanel area={item.label} willDo={item.willDo ?? ""} />
    </Gate>
  );
}
