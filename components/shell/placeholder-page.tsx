// A console area that is not built yet: the shell, a permission check and one honest sentence.
import { NotBuiltPanel } from "../ui/panels";
import { PageHeader } from "../ui/page-header";
import { guardedPage } from "./guarded-page";
import { navItem, type NavKey } from "./nav-items";

export async function PlaceholderPage({ area }: { area: NavKey }) {
  const item = navItem(area);
  return guardedPage({ permission: item.permission, area: item.label }, () => (
    <>
      <PageHeader title={item.label} />
      <NotBuiltPanel area={item.label} willDo={item.willDo ?? ""} />
    </>
  ));
}
